// One role's view of the protocol, for writing its Scyther role script.
// A receive pattern may only look inside what the role can open or rebuild at that point: a part it
// cannot (a ciphertext for someone else, a hash of values it has not seen) becomes a `Ticket`
// variable. Matching on such a part would let the role "check" what it cannot check and hide
// attacks. When later messages let the role rebuild a part, a `match` event performs the check
// the implementation makes then (for example the blob hash once the blob has arrived).
import type { ProtocolSpec } from "../protocol/language.ts";
import { Knowledge } from "../protocol/check.ts";
import { type Atom, type Term, children, isAtomic, show, subterms } from "../protocol/terms.ts";
import { pkFirstLevel, pkFunction, recordKeyFunction, rekeyFunction, scytherType, skFunction } from "./spdl-names.ts";
import { MedExChainError } from "../protocol/errors.ts";

export class SpdlRenderError extends MedExChainError {
  constructor(protocol: string, role: string, detail: string) {
    super("E_SPDL_RENDER", `cannot write role ${role} of ${protocol} as Scyther: ${detail}`, "change the spec under protocol/specs/ or extend generators/spdl-view.ts");
  }
}

/**
 * How receive patterns treat parts a role cannot open or rebuild.
 * opaque=false (the default, the classic Scyther style): the role matches their intended structure,
 * which assumes, like --match=0, that every part has its intended type and shape; fast.
 * opaque=true: such parts are Ticket variables checked by `match` once they can be rebuilt; sounder,
 * but the search grows by orders of magnitude (docs/abstractions.md, "Receive patterns").
 */
export interface SpdlOptions {
  readonly opaque: boolean;
}

export const DEFAULT_SPDL_OPTIONS: SpdlOptions = { opaque: false };

export interface Declaration {
  readonly name: string;
  readonly type: string;
}

/** The ciphertext under any number of re-randomisations. */
function stripRerand(t: Term): Term {
  return t.kind === "rerand" ? stripRerand(t.ct) : t;
}

/** A role's declarations and renderings, built up event by event in the role's order. */
export class RoleView {
  readonly fresh: Declaration[] = [];
  readonly vars: Declaration[] = [];
  private readonly tickets = new Map<string, { name: string; term: Term; checked: boolean }>();
  private readonly declared = new Set<string>();
  private readonly knowledge: Knowledge;
  /** Parts the role must see structurally because it re-encrypts them (the PRE equation needs the plaintext's place). */
  private readonly structural = new Set<string>();
  private readonly taken: Set<string>;

  constructor(
    private readonly spec: ProtocolSpec,
    readonly role: string,
    reservedNames: Iterable<string>,
    private readonly options: SpdlOptions,
  ) {
    this.knowledge = new Knowledge(spec, role);
    this.taken = new Set(reservedNames);
    for (const a of spec.atoms) if (a.origin === "fresh" && a.owner === role) this.declare(this.fresh, a);
    for (const m of spec.messages)
      if (m.from === role)
        for (const s of subterms(m.term))
          if (s.kind === "reEnc") {
            this.structural.add(show(s.ct));
            this.structural.add(show(stripRerand(s.ct)));
            this.structural.add(show(s.rk));
          }
  }

  private declare(list: Declaration[], a: Atom): void {
    if (this.declared.has(a.name)) return;
    this.declared.add(a.name);
    list.push({ name: a.name, type: scytherType(a.sort) });
  }

  private ticketName(t: Term): string {
    const base = t.kind === "hash" ? `${t.fn}V` : t.kind === "reKey" ? "rkV" : t.kind === "preEnc" || t.kind === "reEnc" || t.kind === "rerand" ? "preV" : `${t.kind}V`;
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    return name;
  }

  /** Whether the role holds the term: it received it whole, or can build it. */
  private holds(t: Term): boolean {
    return this.knowledge.has(t) || this.builds(t);
  }

  /** Whether the role can build the term from parts it holds (a copy received whole does not count). */
  private builds(t: Term): boolean {
    return isAtomic(t) ? this.knowledge.has(t) : children(t).every((x) => this.holds(x));
  }

  /** Whether a receive may look inside the term (rather than take it as an opaque Ticket). */
  private transparent(t: Term): boolean {
    if (this.structural.has(show(t))) return true;
    switch (t.kind) {
      case "atom":
      case "agent":
      case "pk":
      case "sk":
      case "k":
      case "tuple":
      case "sign":
        return true;
      case "hash":
      case "reKey":
        // A hash is checked by recomputing it, so the role needs every input.
        return this.builds(t);
      case "senc":
        return this.holds(t.key) || this.builds(t);
      case "aenc":
      case "preEnc":
        return this.knowledge.has({ kind: "sk", role: t.key.role, scheme: t.key.scheme }) || this.builds(t);
      case "reEnc":
        return this.knowledge.has({ kind: "sk", role: t.rk.to.role, scheme: t.rk.to.scheme }) || this.builds(t);
      case "rerand":
        return this.transparent(t.ct);
    }
  }

  /** The receive pattern for a message, and the `match` checks that become possible once it has arrived. */
  receive(t: Term): { pattern: string; checks: string[] } {
    this.knowledge.learn(t);
    const pattern = this.render(t, "recv");
    const checks: string[] = [];
    for (const [key, ticket] of this.tickets) {
      if (ticket.checked || !this.transparent(ticket.term)) continue;
      ticket.checked = true;
      // Render the structure under a temporary removal so the check compares the Ticket with the rebuilt term.
      this.tickets.delete(key);
      const rebuilt = this.render(ticket.term, "recv");
      this.tickets.set(key, ticket);
      checks.push(`match(${ticket.name}, ${rebuilt});`);
    }
    return { pattern, checks };
  }

  /** The term as the role sends it. */
  send(t: Term): string {
    return this.render(t, "send");
  }

  /** A claim parameter as the role knows it. */
  claimTerm(t: Term): string {
    return this.render(t, "send");
  }

  /** An encryption's body: Scyther's `{a, b}k` already is a tuple, so a tuple body needs no parentheses. */
  private inner(t: Term, mode: "send" | "recv"): string {
    const whole = this.render(t, mode);
    return t.kind === "tuple" && whole.startsWith("(") ? whole.slice(1, -1) : whole;
  }

  private render(t: Term, mode: "send" | "recv"): string {
    const ticket = this.tickets.get(show(t));
    if (ticket) return ticket.name;
    if (mode === "recv" && this.options.opaque && !this.transparent(t)) {
      const name = this.ticketName(t);
      this.tickets.set(show(t), { name, term: t, checked: false });
      this.vars.push({ name, type: "Ticket" });
      return name;
    }
    const r = (x: Term) => this.render(x, mode);
    switch (t.kind) {
      case "atom":
        if (t.origin === "const") return t.name;
        if (!this.declared.has(t.name)) {
          if (mode === "send") throw new SpdlRenderError(this.spec.name, this.role, `it sends ${t.name} before it has received it`);
          this.declare(this.vars, t);
        }
        return t.name;
      case "agent":
        return t.role;
      case "pk":
        return `${pkFunction(t.scheme)}(${t.role})`;
      case "sk":
        return `${skFunction(t.scheme)}(${t.role})`;
      case "k":
        return `k(${t.roles[0]},${t.roles[1]})`;
      case "tuple":
        return `(${t.items.map(r).join(", ")})`;
      case "hash":
        return `${t.fn}(${t.items.map(r).join(", ")})`;
      case "sign":
      case "aenc":
      case "preEnc":
      case "senc":
        return `{${this.inner(t.body, mode)}}${r(t.key)}`;
      case "reKey":
        // The record-bound token names the one ciphertext it re-encrypts (the oracle below requires it).
        return t.record
          ? `${recordKeyFunction(t.from.scheme)}(${r(t.from)}, ${r(t.record.ct)}, ${r(t.to)}, ${r(t.record.randomness)})`
          : `${rekeyFunction(t.from.scheme)}(${r(t.from)}, ${r(t.to)})`;
      case "reEnc": {
        const inner = stripRerand(t.ct);
        if (inner.kind !== "preEnc" || inner.key.role !== t.rk.from.role || inner.key.scheme !== t.rk.from.scheme)
          throw new SpdlRenderError(this.spec.name, this.role, `${show(t)} re-encrypts something that is not a PRE ciphertext to ${t.rk.from.role}`);
        // The PRE equation: re-encrypting {M}pk(A) with rk(A→B) yields the first-level {M}pk1(B).
        return `{${this.inner(inner.body, mode)}}${pkFirstLevel(t.rk.to.scheme)}(${t.rk.to.role})`;
      }
      case "rerand":
        // Re-randomisation keeps key and plaintext: symbolically it is the same ciphertext.
        return r(t.ct);
    }
  }
}
