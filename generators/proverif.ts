// spec → models/<protocol>.pv: the ProVerif model of each protocol, for unbounded sessions.
// Where Scyther gets the PRE as an oracle and every receive as a structural pattern, this model
// states the cryptography as rewrite rules (the AFGH algebra exactly, including key extraction from a
// pre-fix re-encryption key) and every receive as the destructor applications the implementation
// performs; parts a role cannot open stay opaque values it checks once it can rebuild them.
// Every role is replicated, any agent may be corrupted at any time (its keys published, per the
// spec's compromise declarations), and a patient may grant to anyone: consent is per record, so the
// secrecy queries say "unless this record was granted to a corrupted party" (docs/abstractions.md).
import type { Claim, ProtocolSpec } from "../protocol/language.ts";
import { expectedVerdict, roleEvents } from "../protocol/language.ts";
import { type Term, show } from "../protocol/terms.ts";
import { generatedHeader, type Artefact } from "./artefact.ts";
import { hashFunctions, usedSchemes } from "./spdl-names.ts";
import { MedExChainError } from "../protocol/errors.ts";

export class ProverifRenderError extends MedExChainError {
  constructor(protocol: string, role: string, detail: string) {
    super("E_PROVERIF_RENDER", `cannot write role ${role} of ${protocol} as ProVerif: ${detail}`, "change the spec under protocol/specs/ or extend generators/proverif.ts");
  }
}

/** What a query asks, and how ProVerif's answer maps to a verdict. */
export type QueryKind = "secrecy" | "agreement" | "reachability";

/** One query of a model: the verify script runs each in its own ProVerif process. */
export interface ProverifQuery {
  readonly protocol: string;
  /** The spec claim it checks (secrecy, agreement), or `end<Role>` for a reachability query. */
  readonly label: string;
  readonly role: string;
  readonly kind: QueryKind;
  readonly text: string;
  /**
   * What the spec expects: Ok for a claim that holds (ProVerif: "is true"); for reachability, Ok means
   * the role's end is reachable (ProVerif: "not event(...) is false"), so no proof is vacuous.
   */
  readonly expected: "Ok" | "Fail" | "Inconclusive";
  readonly goal: string;
}

/** The claim types ProVerif checks; the others (Alive, Weakagree, Niagree, Nisynch) are Scyther's alone. */
export const PROVERIF_CLAIM_TYPES: ReadonlySet<Claim["type"]> = new Set(["Secret", "SKR", "Commit"]);

export function proverifModelPath(spec: ProtocolSpec): string {
  return `models/${spec.name}.pv`;
}

const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, "_");
const pkF = (scheme: string) => `pk_${id(scheme)}`;
const skF = (scheme: string) => `sk_${id(scheme)}`;
const agentVar = (role: string) => `a_${id(role)}`;
/** Agent names have their own type; every other value is a bitstring. */
const pvType = (t: Term) => (t.kind === "agent" ? "agent" : "bitstring");
const hashF = (fn: string) => `h_${id(fn)}`;
const constName = (name: string) => `c_${id(name)}`;

/** The PRE scheme's function names (one set per PRE scheme). */
const pre = (scheme: string) => ({
  enc2: `enc2_${id(scheme)}`,
  enc1: `enc1_${id(scheme)}`,
  dec2: `dec2_${id(scheme)}`,
  dec1: `dec1_${id(scheme)}`,
  rekey: `rekey_${id(scheme)}`,
  reenc: `reenc_${id(scheme)}`,
  extract: `extract_${id(scheme)}`,
  cap: `cap_${id(scheme)}`,
  rkrec: `rkrec_${id(scheme)}`,
  reencrec: `reencrec_${id(scheme)}`,
  extractrec: `extractrec_${id(scheme)}`,
  kappa: `kappa_${id(scheme)}`,
  deckappa: `deckappa_${id(scheme)}`,
  deccap: `deccap_${id(scheme)}`,
  rerand: `rerand_${id(scheme)}`,
  mix: `mix_${id(scheme)}`,
});

/** The ciphertext under any number of re-randomisations. */
function stripRerand(t: Term): Term {
  return t.kind === "rerand" ? stripRerand(t.ct) : t;
}

function schemeOfCiphertext(t: Term): string | undefined {
  const s = stripRerand(t);
  return s.kind === "preEnc" ? s.key.scheme : undefined;
}

/** The declarations: channel, key functions, the equational theory as rewrite rules, events. */
function theory(spec: ProtocolSpec): string[] {
  const out: string[] = ["set ignoreTypes = false.", "free c: channel.", "type agent.", "", "(* Agent names are typed: a nonce never stands for an agent, which keeps the analysis terminating (docs/abstractions.md). *)", "(* Keys: one key pair per agent and scheme; private keys are private functions of the agent's name. *)"];
  const schemes = usedSchemes(spec);
  for (const s of schemes) {
    out.push(`(* ${s.name} (${s.use}): ${s.algorithm} *)`);
    out.push(`fun ${pkF(s.name)}(agent): bitstring.`, `fun ${skF(s.name)}(agent): bitstring [private].`);
  }
  if (spec.sharedKeys.length) out.push("fun kshared(agent, agent): bitstring [private].");
  out.push(
    "",
    "(* Signatures do not reveal what they sign: checking needs the message. *)",
    "fun sign(bitstring, bitstring): bitstring.",
    ...schemes.map((s) => `reduc forall x: bitstring, a: agent; verify_${id(s.name)}(sign(x, ${skF(s.name)}(a)), x, ${pkF(s.name)}(a)) = true.`),
    "(* Public-key encryption. *)",
    "fun aenc(bitstring, bitstring): bitstring.",
    ...schemes.map((s) => `reduc forall x: bitstring, a: agent; adec_${id(s.name)}(aenc(x, ${pkF(s.name)}(a)), ${skF(s.name)}(a)) = x.`),
    "(* AEAD: opens only under its key. *)",
    "fun senc(bitstring, bitstring): bitstring.",
    "reduc forall x: bitstring, k: bitstring; sdec(senc(x, k), k) = x.",
  );
  const fns = hashFunctions(spec);
  if (fns.length) out.push("(* One-way functions, kept apart by name. *)", ...fns.map((f) => `fun ${hashF(f)}(bitstring): bitstring.`));
  for (const s of schemes.filter((x) => x.use === "pre")) {
    const f = pre(s.name);
    const pk = pkF(s.name);
    const sk = skF(s.name);
    out.push(
      "",
      `(* AFGH proxy re-encryption, scheme ${s.name}, exactly: second-level ciphertexts enc2(m, pk(a), r) = (g1^r, m·Z^{a1 r}),`,
      "   first-level enc1(m, pk(b), r) = (Z^{b2 r}, m·Z^{a1 r}). The pre-fix re-encryption key rk(a→b) = g2^{a1 b2} is one per",
      "   (delegator, delegatee), and its delegatee extracts g2^{a1}, the delegator's decryption capability for every ciphertext. *)",
      `fun ${f.enc2}(bitstring, bitstring, bitstring): bitstring.`,
      `fun ${f.enc1}(bitstring, bitstring, bitstring): bitstring.`,
      `fun ${f.rekey}(bitstring, bitstring): bitstring.`,
      `fun ${f.cap}(bitstring): bitstring.`,
      `fun ${f.mix}(bitstring): bitstring.`,
      `reduc forall x: bitstring, a: agent, r: bitstring; ${f.dec2}(${f.enc2}(x, ${pk}(a), r), ${sk}(a)) = x.`,
      `reduc forall x: bitstring, b: agent, r: bitstring; ${f.dec1}(${f.enc1}(x, ${pk}(b), r), ${sk}(b)) = x.`,
      `reduc forall x: bitstring, a: agent, b: agent, r: bitstring; ${f.reenc}(${f.enc2}(x, ${pk}(a), r), ${f.rekey}(${sk}(a), ${pk}(b))) = ${f.enc1}(x, ${pk}(b), r).`,
      `reduc forall a: agent, b: agent; ${f.extract}(${f.rekey}(${sk}(a), ${pk}(b)), ${sk}(b)) = ${f.cap}(${sk}(a)).`,
      `reduc forall x: bitstring, a: agent, r: bitstring; ${f.deccap}(${f.enc2}(x, ${pk}(a), r), ${f.cap}(${sk}(a))) = x.`,
      "(* The record-bound grant (issue 15): token rkrec(a, C, pk(b), rho) = (kappa·Z^-rho, pk2_b^rho) with kappa = e(c1, g2)^{a1} = Z^{a1 r}",
      "   for the one ciphertext C it names; re-encryption gives enc1(m, pk(b), rho) for that C only; the delegatee's key unwraps",
      "   kappa, the decryption capability for C and for no other ciphertext. *)",
      `fun ${f.rkrec}(bitstring, bitstring, bitstring, bitstring): bitstring.`,
      `fun ${f.kappa}(bitstring, bitstring): bitstring.`,
      `reduc forall x: bitstring, a: agent, b: agent, r: bitstring, rho: bitstring; ${f.reencrec}(${f.enc2}(x, ${pk}(a), r), ${f.rkrec}(${sk}(a), ${f.enc2}(x, ${pk}(a), r), ${pk}(b), rho)) = ${f.enc1}(x, ${pk}(b), rho).`,
      `reduc forall a: agent, b: agent, y: bitstring, rho: bitstring; ${f.extractrec}(${f.rkrec}(${sk}(a), y, ${pk}(b), rho), ${sk}(b)) = ${f.kappa}(${sk}(a), y).`,
      `reduc forall x: bitstring, a: agent, r: bitstring; ${f.deckappa}(${f.enc2}(x, ${pk}(a), r), ${f.kappa}(${sk}(a), ${f.enc2}(x, ${pk}(a), r))) = x.`,
      "(* Re-randomisation (c1·g1^s, c2·pk1^s), by the reverse firewall or by anyone: same key and plaintext. It is perfect (the result",
      "   is distributed as a fresh encryption, whatever the input's randomness), so the result's randomness is mix(s), a function of s",
      "   alone. Exact would be mix(r, s); that lets every clause recording an attacker-supplied ciphertext grow mix(mix(…)) without",
      "   end, and HB2 did not terminate. mix(s) lets two re-randomisations with one s of different encryptions of the same plaintext",
      "   coincide: an over-approximation for secrecy, and agreement up to which such encryption was re-randomised (docs/abstractions.md §15). *)",
      `reduc forall x: bitstring, p: bitstring, r: bitstring, s: bitstring; ${f.rerand}(${f.enc2}(x, p, r), s) = ${f.enc2}(x, p, ${f.mix}(s)).`,
      "(* Resolution hint (it changes no verdict, only the search): never resolve on \"the adversary has some ciphertext\", or",
      "   re-randomisation feeds every ciphertext back into itself; such facts are resolved once their randomness is known. *)",
      `noselect x: bitstring, p: bitstring, r: bitstring; attacker(${f.enc2}( *x, *p, r)).`,
    );
  }
  return out;
}

/** A role's view while its process is written: what it holds, under which ProVerif expression. */
class ProcessWriter {
  readonly lines: string[] = [];
  private readonly held = new Map<string, string>();
  /** Received parts the role could not open or rebuild yet: checked once it can. */
  private readonly opaque = new Map<string, { term: Term; expr: string }>();
  private readonly used = new Set<string>();
  private indent = 1;

  constructor(
    private readonly spec: ProtocolSpec,
    readonly role: string,
  ) {
    for (const r of spec.roles) this.held.set(show({ kind: "agent", role: r.name }), agentVar(r.name));
    for (const kp of spec.keyPairs) if (kp.role === role) this.held.set(show({ kind: "sk", role, scheme: kp.scheme }), `${skF(kp.scheme)}(${agentVar(role)})`);
    for (const k of spec.sharedKeys) if (k.roles.includes(role)) this.held.set(show(k), `kshared(${agentVar(k.roles[0])}, ${agentVar(k.roles[1])})`);
    for (const a of spec.atoms) if (a.origin === "const") this.held.set(a.name, constName(a.name));
    for (const a of spec.atoms)
      if (a.origin === "fresh" && a.owner === role) {
        const v = this.fresh(`n_${a.name}`);
        this.emit(`new ${v}: bitstring;`);
        this.held.set(a.name, v);
      }
  }

  fail(detail: string): never {
    throw new ProverifRenderError(this.spec.name, this.role, detail);
  }

  fresh(base: string): string {
    let name = id(base);
    for (let i = 2; this.used.has(name); i++) name = `${id(base)}_${i}`;
    this.used.add(name);
    return name;
  }

  emit(line: string): void {
    this.lines.push(`${"  ".repeat(this.indent)}${line}`);
  }

  /** Whether the role can produce the term now (a PRE ciphertext only if it holds it: its randomness is someone's secret). */
  can(t: Term): boolean {
    if (this.held.has(show(t))) return true;
    switch (t.kind) {
      case "atom":
      case "sk":
      case "k":
        return false;
      case "agent":
        return false;
      case "pk":
        return true;
      case "tuple":
      case "hash":
        return t.items.every((x) => this.can(x));
      case "sign":
      case "aenc":
      case "senc":
        return this.can(t.key) && this.can(t.body);
      case "preEnc":
        return false;
      case "reKey":
        return this.can(t.from) && this.can(t.to) && (!t.record || (this.can(t.record.ct) && this.can(t.record.randomness)));
      case "reEnc":
        return this.can(t.rk) && this.can(t.ct);
      case "rerand":
        return false;
    }
  }

  /** Whether the role can create the term as a sender (fresh PRE randomness included). */
  private canSend(t: Term): boolean {
    if (this.held.has(show(t))) return true;
    switch (t.kind) {
      case "preEnc":
        return this.canSend(t.key) && this.canSend(t.body);
      case "rerand":
        return this.canSend(t.ct) && this.canSend(t.randomness);
      case "tuple":
      case "hash":
        return t.items.every((x) => this.canSend(x));
      case "sign":
      case "aenc":
      case "senc":
        return this.canSend(t.key) && this.canSend(t.body);
      case "reKey":
        return this.canSend(t.from) && this.canSend(t.to) && (!t.record || (this.canSend(t.record.ct) && this.canSend(t.record.randomness)));
      case "reEnc":
        return this.canSend(t.rk) && this.canSend(t.ct);
      default:
        return this.can(t);
    }
  }

  /** The expression for a term the role builds; PRE encryptions and re-randomisations are bound once, with fresh randomness. */
  build(t: Term): string {
    const h = this.held.get(show(t));
    if (h) return h;
    const b = (x: Term) => this.build(x);
    switch (t.kind) {
      case "atom":
        return this.fail(`it uses ${t.name} before it has received it`);
      case "agent":
        return agentVar(t.role);
      case "pk":
        return `${pkF(t.scheme)}(${agentVar(t.role)})`;
      case "sk":
        return this.fail(`it uses ${show(t)}, a private key it does not hold`);
      case "k":
        return this.fail(`it uses ${show(t)}, a shared key it does not hold`);
      case "tuple":
        return `(${t.items.map(b).join(", ")})`;
      case "hash":
        return `${hashF(t.fn)}(${t.items.length === 1 ? b(t.items[0]!) : `(${t.items.map(b).join(", ")})`})`;
      case "sign":
        return `sign(${b(t.body)}, ${b(t.key)})`;
      case "aenc":
        return `aenc(${b(t.body)}, ${b(t.key)})`;
      case "senc":
        return `senc(${b(t.body)}, ${b(t.key)})`;
      case "preEnc": {
        const f = pre(t.key.scheme);
        const body = b(t.body);
        const key = b(t.key);
        const r = this.fresh("r");
        const v = this.fresh("ct");
        this.emit(`new ${r}: bitstring;`);
        this.emit(`let ${v} = ${f.enc2}(${body}, ${key}, ${r}) in`);
        this.held.set(show(t), v);
        return v;
      }
      case "rerand": {
        const s = schemeOfCiphertext(t);
        if (!s) return this.fail(`${show(t)} re-randomises something that is not a PRE ciphertext`);
        const inner = b(t.ct);
        const v = this.fresh("ct");
        this.emit(`let ${v} = ${pre(s).rerand}(${inner}, ${b(t.randomness)}) in`);
        this.held.set(show(t), v);
        return v;
      }
      case "reKey":
        return t.record
          ? `${pre(t.from.scheme).rkrec}(${b(t.from)}, ${b(t.record.ct)}, ${b(t.to)}, ${b(t.record.randomness)})`
          : `${pre(t.from.scheme).rekey}(${b(t.from)}, ${b(t.to)})`;
      case "reEnc": {
        const v = this.fresh("ct");
        const f = pre(t.rk.from.scheme);
        this.emit(`let ${v} = ${t.rk.record ? f.reencrec : f.reenc}(${b(t.ct)}, ${b(t.rk)}) in`);
        this.held.set(show(t), v);
        return v;
      }
    }
  }

  send(t: Term): void {
    if (!this.canSend(t)) this.fail(`it sends ${show(t)}, which it cannot build from what it holds`);
    const e = this.build(t);
    this.emit(`out(c, ${e});`);
  }

  /** Take a message apart as the implementation does: open what the role can open, check what it can rebuild, keep the rest opaque. */
  receive(t: Term): void {
    const x = this.fresh("msg");
    this.emit(`in(c, ${x}: bitstring);`);
    let pending: { term: Term; expr: string }[] = [{ term: t, expr: x }];
    // Parts wait for each other (a signature is checked once its body is known): repeat until nothing
    // moves; then keep what cannot be opened (hashes, others' ciphertexts) as opaque values, which may
    // let a waiting signature be checked, and go on.
    for (;;) {
      let moved = false;
      const waiting: { term: Term; expr: string }[] = [];
      for (const p of pending) {
        const opened: { term: Term; expr: string }[] = [];
        if (this.step(p.term, p.expr, opened)) {
          moved = true;
          waiting.push(...opened);
        } else waiting.push(p);
      }
      pending = waiting;
      if (moved) continue;
      const sealed = pending.filter((p) => p.term.kind !== "sign" && p.term.kind !== "senc");
      if (sealed.length === 0) break;
      for (const p of sealed) this.keepOpaque(p.term, p.expr);
      pending = pending.filter((p) => !sealed.includes(p));
    }
    for (const p of pending) this.keepOpaque(p.term, p.expr);
    this.recheckOpaque();
  }

  private keepOpaque(t: Term, expr: string): void {
    const key = show(t);
    if (this.held.has(key)) {
      this.emit(`if ${expr} = ${this.held.get(key)} then`);
      return;
    }
    this.held.set(key, expr);
    this.opaque.set(key, { term: t, expr });
  }

  /** A part kept opaque is checked as soon as the role can rebuild it (the blob hash once the blob has arrived). */
  private recheckOpaque(): void {
    for (const [key, o] of this.opaque) {
      if (o.term.kind === "sign") {
        // A signature is checked once the role holds what it signs.
        if (!this.can(o.term.body)) continue;
        this.emit(`if verify_${id(o.term.key.scheme)}(${o.expr}, ${this.build(o.term.body)}, ${pkF(o.term.key.scheme)}(${agentVar(o.term.key.role)})) = true then`);
        this.opaque.delete(key);
        continue;
      }
      this.held.delete(key);
      const rebuild = this.can(o.term);
      if (rebuild) {
        const e = this.build(o.term);
        this.emit(`if ${o.expr} = ${e} then`);
        this.opaque.delete(key);
      }
      this.held.set(key, o.expr);
    }
  }

  /** One step of taking a part apart; false when it must wait for other parts. */
  private step(t: Term, expr: string, next: { term: Term; expr: string }[]): boolean {
    const key = show(t);
    if (this.can(t)) {
      this.emit(`if ${expr} = ${this.build(t)} then`);
      return true;
    }
    const own = (k: { role: string; scheme: string }) => this.held.has(show({ kind: "sk", role: k.role, scheme: k.scheme }));
    switch (t.kind) {
      case "atom":
      case "pk":
      case "sk":
      case "k":
      case "agent":
        this.held.set(key, this.bind(t.kind === "atom" ? `v_${t.name}` : "v", expr));
        return true;
      case "tuple": {
        const vs = t.items.map(() => this.fresh("p"));
        this.emit(`let (${vs.map((v, i) => `${v}: ${pvType(t.items[i]!)}`).join(", ")}) = ${expr} in`);
        t.items.forEach((item, i) => next.push({ term: item, expr: vs[i]! }));
        return true;
      }
      case "sign":
        if (!this.can(t.body)) return false;
        this.emit(`if verify_${id(t.key.scheme)}(${expr}, ${this.build(t.body)}, ${pkF(t.key.scheme)}(${agentVar(t.key.role)})) = true then`);
        this.held.set(key, expr);
        return true;
      case "aenc":
        if (!own(t.key)) return false;
        this.held.set(key, expr);
        next.push({ term: t.body, expr: this.bind("y", `adec_${id(t.key.scheme)}(${expr}, ${skF(t.key.scheme)}(${agentVar(t.key.role)}))`) });
        return true;
      case "senc":
        if (!this.can(t.key)) return false;
        this.held.set(key, expr);
        next.push({ term: t.body, expr: this.bind("y", `sdec(${expr}, ${this.build(t.key)})`) });
        return true;
      case "preEnc":
      case "rerand": {
        const inner = stripRerand(t);
        if (inner.kind !== "preEnc" || !own(inner.key)) return false;
        this.held.set(key, expr);
        next.push({ term: inner.body, expr: this.bind("y", `${pre(inner.key.scheme).dec2}(${expr}, ${skF(inner.key.scheme)}(${agentVar(inner.key.role)}))`) });
        return true;
      }
      case "reEnc": {
        const inner = stripRerand(t.ct);
        if (inner.kind !== "preEnc" || !own(t.rk.to)) return false;
        this.held.set(key, expr);
        next.push({ term: inner.body, expr: this.bind("y", `${pre(t.rk.to.scheme).dec1}(${expr}, ${skF(t.rk.to.scheme)}(${agentVar(t.rk.to.role)}))`) });
        return true;
      }
      case "hash":
      case "reKey":
        return false;
    }
  }

  private bind(base: string, expr: string): string {
    const v = this.fresh(base);
    this.emit(`let ${v} = ${expr} in`);
    return v;
  }

  expr(t: Term): string {
    if (!this.can(t)) this.fail(`its claim names ${show(t)}, which it does not hold`);
    return this.build(t);
  }
}

/** The agents of a role's run: every role's agent, in declaration order. */
const runAgents = (spec: ProtocolSpec) => spec.roles.map((r) => agentVar(r.name));

/** Agents the claims assume honest: every role but those played by a committee the adversary holds only a minority of. */
const honestRoles = (spec: ProtocolSpec) => spec.roles.filter((r) => !spec.compromise.minority.some((m) => m.role === r.name)).map((r) => r.name);

/** The Running claim a Commit claim agrees with: the peer's Running toward the claimer, on the same data. */
export function runningFor(spec: ProtocolSpec, commit: Claim): Claim | undefined {
  const data = (c: Claim) => (c.data ?? []).map(show).join("|");
  return spec.claims.find((c) => c.type === "Running" && c.role === commit.peer && c.peer === commit.role && data(c) === data(commit));
}

interface RoleProcess {
  readonly role: string;
  readonly lines: string[];
}

const types = (data: readonly Term[] | undefined) => (data ?? []).map(pvType);

function roleProcess(spec: ProtocolSpec, role: string, events: Map<string, string[]>): RoleProcess {
  const w = new ProcessWriter(spec, role);
  const agentTypes = spec.roles.map(() => "agent");
  const agents = runAgents(spec).join(", ");
  for (const ev of roleEvents(spec, role)) {
    if (ev.kind === "send") {
      const grant = spec.compromise.grants.find((g) => g.message === ev.message.label);
      if (grant) w.emit(`event Granted(${w.expr(grant.record)}, ${agentVar(grant.to)});`);
      w.send(ev.message.term);
    } else if (ev.kind === "recv") w.receive(ev.message.term);
    else {
      const c = ev.claim;
      const data = (c.data ?? []).map((d) => w.expr(d));
      if (c.type === "Secret" || c.type === "SKR") {
        const rec = c.unlessGranted ? [w.expr(c.unlessGranted)] : [];
        w.emit(`event Claim_${id(c.label)}(${[...data, ...rec, agents].join(", ")});`);
        events.set(`Claim_${id(c.label)}`, [...types(c.data), ...(c.unlessGranted ? [pvType(c.unlessGranted)] : []), ...agentTypes]);
      } else if (c.type === "Running" && c.peer !== undefined) {
        w.emit(`event Running_${id(c.label)}(${[agentVar(c.peer), agentVar(c.role), ...data].join(", ")});`);
        events.set(`Running_${id(c.label)}`, ["agent", "agent", ...types(c.data)]);
      } else if (c.type === "Commit" && c.peer !== undefined) {
        w.emit(`event Commit_${id(c.label)}(${[agentVar(c.role), agentVar(c.peer), ...data, agents].join(", ")});`);
        events.set(`Commit_${id(c.label)}`, ["agent", "agent", ...types(c.data), ...agentTypes]);
      }
    }
  }
  w.emit(`event End${id(role)}(${agents});`);
  events.set(`End${id(role)}`, agentTypes);
  w.emit("0.");
  return { role, lines: [`let role${id(role)}(${runAgents(spec).map((a) => `${a}: agent`).join(", ")}) =`, ...w.lines] };
}

/** The queries for a spec, in claim order, then one reachability query per role. */
export function proverifQueries(spec: ProtocolSpec): ProverifQuery[] {
  const agents = runAgents(spec);
  const honest = honestRoles(spec).map(agentVar);
  const corrupt = honest.map((a) => `event(Corrupt(${a}))`);
  // Query variables: agents (a_*, g) are typed agent, data as their terms.
  const decl = (vars: string[], typed: Readonly<Record<string, string>> = {}) => vars.map((v) => `${v}: ${typed[v] ?? (v.startsWith("a_") || v === "g" ? "agent" : "bitstring")}`).join(", ");
  const out: ProverifQuery[] = [];
  for (const c of spec.claims) {
    if (!PROVERIF_CLAIM_TYPES.has(c.type)) continue;
    const n = (c.data ?? []).length;
    const xs = Array.from({ length: n }, (_, i) => `x${i + 1}`);
    const typed: Record<string, string> = Object.fromEntries(xs.map((x, i) => [x, pvType(c.data![i]!)]));
    if (c.unlessGranted) typed.rec = pvType(c.unlessGranted);
    const expected = c.proverif?.expect ?? expectedVerdict(spec, c.label);
    if (c.type === "Secret" || c.type === "SKR") {
      const rec = c.unlessGranted ? ["rec"] : [];
      const granted = c.unlessGranted ? [`(event(Granted(rec, g)) && event(Corrupt(g)))`] : [];
      const vars = [...xs, ...rec, ...agents, ...(c.unlessGranted ? ["g"] : [])];
      const text = `query ${decl(vars, typed)}; attacker(${xs[0]}) && event(Claim_${id(c.label)}(${[...xs, ...rec, ...agents].join(", ")})) ==> ${[...corrupt, ...granted].join(" || ")}.`;
      out.push({ protocol: spec.name, label: c.label, role: c.role, kind: "secrecy", text, expected, goal: c.goal });
    } else if (c.type === "Commit") {
      const running = runningFor(spec, c);
      if (!running) continue;
      // Injective only where the committer put a fresh value of its own into the agreed data (a
      // challenge it answers once); elsewhere replay is stopped by state (a seen-nonce store) the model lacks.
      const inj = (c.data ?? []).some((d) => d.kind === "atom" && d.origin === "fresh" && d.owner === c.role) ? "inj-" : "";
      const head = `${inj}event(Commit_${id(c.label)}(${[agentVar(c.role), agentVar(c.peer!), ...xs, ...agents].join(", ")}))`;
      const text = `query ${decl([...xs, ...agents], typed)}; ${head} ==> ${inj}event(Running_${id(running.label)}(${[agentVar(c.role), agentVar(c.peer!), ...xs].join(", ")})) || ${corrupt.join(" || ")}.`;
      out.push({ protocol: spec.name, label: c.label, role: c.role, kind: "agreement", text, expected, goal: c.goal || `${c.role} agrees injectively with ${c.peer} on ${(c.data ?? []).map(show).join(", ")}` });
    }
  }
  for (const r of spec.roles) {
    if (roleEvents(spec, r.name).length === 0) continue;
    out.push({
      protocol: spec.name,
      label: `end${r.name}`,
      role: r.name,
      kind: "reachability",
      text: `query ${decl(agents)}; event(End${id(r.name)}(${agents.join(", ")})).`,
      expected: "Ok",
      goal: `role ${r.name} can run to its end (a proof is not vacuous)`,
    });
  }
  return out;
}

/** The keys corrupting an agent of a role publishes: the spec's declaration, else every key pair it holds. */
function corruptionKeys(spec: ProtocolSpec): string[] {
  const schemes = usedSchemes(spec).map((s) => s.name);
  const leaked = new Set<string>();
  for (const s of schemes) {
    const holders = spec.keyPairs.filter((k) => k.scheme === s).map((k) => k.role);
    // A key leaks with an agent when some role holding it may be corrupted with it (agents play any role).
    if (holders.some((r) => (spec.compromise.parties.find((p) => p.role === r)?.keys ?? [s]).includes(s) && !spec.compromise.minority.some((m) => m.role === r))) leaked.add(s);
  }
  return schemes.filter((s) => leaked.has(s));
}

/**
 * The ProVerif model of one protocol. With `only`, the model keeps just that query (the verify script
 * runs one ProVerif process per query); without, it holds them all (the committed file).
 */
export function proverifModel(spec: ProtocolSpec, only?: string): string {
  const events = new Map<string, string[]>();
  const roles = spec.roles.filter((r) => roleEvents(spec, r.name).length > 0).map((r) => roleProcess(spec, r.name, events));
  const queries = proverifQueries(spec).filter((q) => only === undefined || q.label === only);
  if (only !== undefined && queries.length === 0) throw new ProverifRenderError(spec.name, "-", `there is no ProVerif query "${only}"`);
  const consts = spec.atoms.filter((a) => a.origin === "const").map((a) => `free ${constName(a.name)}: bitstring.`);
  const keys = corruptionKeys(spec);
  const agents = runAgents(spec);
  const header = generatedHeader((l) => `(* ${l} *)`, [spec]);
  const corruption = keys.length ? `(!in(c, a: agent); event Corrupt(a); out(c, (${keys.map((k) => `${skF(k)}(a)`).join(", ")})))` : `(!in(c, a: agent); event Corrupt(a); 0)`;
  const notes = [
    ...spec.compromise.parties.map((p) => `(* corrupting ${p.role} publishes ${p.keys.length ? p.keys.join(", ") : "no key"}: ${p.why} *)`),
    ...spec.compromise.minority.map((m) => `(* ${m.role}: ${m.why} *)`),
  ];
  return [
    header,
    `(* ${spec.title}. Unbounded sessions; abstractions in docs/abstractions.md, "ProVerif". *)`,
    "",
    ...theory(spec),
    "",
    ...consts,
    ...(consts.length ? [""] : []),
    "event Corrupt(agent).",
    ...(spec.compromise.grants.length ? [`event Granted(${pvType(spec.compromise.grants[0]!.record)}, agent).`] : []),
    ...[...events].map(([name, ts]) => `event ${name}(${ts.join(", ")}).`),
    "",
    ...queries.flatMap((q) => [`(* ${q.label} (${q.kind}, ${q.role}): ${q.goal.replace(/\*\)/g, "* )")}; expected ${q.kind === "reachability" ? "reachable" : q.expected === "Ok" ? "true" : q.expected === "Fail" ? "false (a known attack)" : "cannot be proved (ProVerif's over-approximation, docs/abstractions.md §15)"} *)`, q.text]),
    "",
    ...roles.flatMap((r) => [...r.lines, ""]),
    ...notes,
    "(* Every role replicated, for any agents the adversary names; any agent may be corrupted at any time. *)",
    "process",
    ...roles.map((r) => `  (!in(c, (${agents.map((a) => `${a}: agent`).join(", ")})); role${id(r.role)}(${agents.join(", ")})) |`),
    `  ${corruption}`,
    "",
  ].join("\n");
}

/** models/<name>.pv for every spec. */
export function proverif(specs: readonly ProtocolSpec[]): Artefact[] {
  return specs.map((s) => ({ path: proverifModelPath(s), content: proverifModel(s) }));
}
