// Well-formedness of a spec: a protocol that cannot run as written has no meaningful proof.
// Each role is executed symbolically in declaration order with a Dolev–Yao knowledge set:
// what it sends must be constructible from what it knows, what it checks must be checkable,
// and what it claims must be known to it.
import type { ProtocolSpec, Message } from "./language.ts";
import { roleEvents } from "./language.ts";
import type { BanFormula } from "./ban.ts";
import { type Term, children, isAtomic, show, subterms } from "./terms.ts";
import { MedExChainError } from "./errors.ts";

export type ProblemKind =
  | "undefined-name"
  | "duplicate-label"
  | "unconstructible-send"
  | "undecomposable-receive"
  | "unknown-claim-term"
  | "bad-claim"
  | "self-message"
  | "unused-role"
  | "ban-unknown"
  /** A BAN idealisation its message does not carry, or a freshness assumption about no fresh value (verify/ban/grounding.ts). */
  | "ban-ungrounded"
  /** A re-encryption under a record-bound key of a ciphertext other than the one the key was made for (it yields garbage). */
  | "misbound-reencryption";

export interface Problem {
  readonly protocol: string;
  readonly role?: string;
  readonly label?: string;
  readonly kind: ProblemKind;
  readonly message: string;
}

export class SpecCheckError extends MedExChainError {
  constructor(readonly problems: readonly Problem[]) {
    super("E_SPEC_CHECK", `${problems.length} problem(s) in the spec:\n${problems.map(formatProblem).join("\n")}`, "fix each problem in the spec under protocol/specs/, then run `npx medexchain check`");
  }
}

/** One line per problem: protocol, role, label, what is wrong. */
export function formatProblem(p: Problem): string {
  const where = [p.protocol, p.role ? `role ${p.role}` : "", p.label ? `message ${p.label}` : ""].filter(Boolean).join(", ");
  return `  [${p.kind}] ${where}: ${p.message}`;
}

/** Check a spec; returns every problem found (empty when well-formed). */
export function checkSpec(spec: ProtocolSpec): Problem[] {
  const problems: Problem[] = [];
  const add = (kind: ProblemKind, message: string, role?: string, label?: string) =>
    problems.push({ protocol: spec.name, kind, message, ...(role ? { role } : {}), ...(label ? { label } : {}) });

  const roleNames = new Set(spec.roles.map((r) => r.name));
  const schemeNames = new Set(spec.schemes.map((s) => s.name));
  const atomNames = new Map(spec.atoms.map((a) => [a.name, a]));

  for (const dup of duplicates(spec.messages.map((m) => m.label))) add("duplicate-label", `message label "${dup}" is used more than once`, undefined, dup);
  for (const dup of duplicates(spec.claims.map((c) => c.label))) add("duplicate-label", `claim label "${dup}" is used more than once`);
  for (const dup of duplicates(spec.roles.map((r) => r.name))) add("duplicate-label", `role "${dup}" is declared more than once`);

  // Names: every role, scheme and atom a term mentions must be declared.
  const checkNames = (t: Term, role: string | undefined, label: string | undefined) => {
    for (const s of subterms(t)) {
      if ((s.kind === "agent" || s.kind === "pk" || s.kind === "sk") && !roleNames.has(s.role))
        add("undefined-name", `term ${show(t)} names role "${s.role}", which is not declared`, role, label);
      if ((s.kind === "pk" || s.kind === "sk") && !schemeNames.has(s.scheme))
        add("undefined-name", `term ${show(t)} uses key scheme "${s.scheme}", which is not declared`, role, label);
      if (s.kind === "k") for (const r of s.roles) if (!roleNames.has(r)) add("undefined-name", `shared key ${show(s)} names undeclared role "${r}"`, role, label);
      if (s.kind === "atom") {
        const decl = atomNames.get(s.name);
        if (!decl) add("undefined-name", `value "${s.name}" is used but never declared (declare it with p.fresh or p.constant)`, role, label);
        else if (decl.origin !== s.origin || decl.owner !== s.owner)
          add("undefined-name", `value "${s.name}" is used with a different declaration than the one made for it`, role, label);
      }
    }
  };
  for (const m of spec.messages) {
    if (!roleNames.has(m.from)) add("undefined-name", `sender "${m.from}" is not a declared role`, undefined, m.label);
    if (!roleNames.has(m.to)) add("undefined-name", `receiver "${m.to}" is not a declared role`, undefined, m.label);
    if (m.from === m.to) add("self-message", `${m.from} sends to itself`, m.from, m.label);
    checkNames(m.term, m.from, m.label);
    for (const c of m.checks) checkNames(c.on, m.to, m.label);
    for (const s of subterms(m.term))
      if (s.kind === "reEnc" && s.rk.record && show(s.rk.record.ct) !== show(s.ct))
        add("misbound-reencryption", `${show(s)} re-encrypts ${show(s.ct)} under a key made for ${show(s.rk.record.ct)}; a record-bound key opens only its own ciphertext`, m.from, m.label);
  }
  for (const c of spec.claims) {
    if (!roleNames.has(c.role)) add("undefined-name", `claim ${c.label} belongs to undeclared role "${c.role}"`);
    if (c.peer !== undefined && !roleNames.has(c.peer)) add("undefined-name", `claim ${c.label} names undeclared peer role "${c.peer}"`, c.role);
    for (const d of c.data ?? []) checkNames(d, c.role, undefined);
    if ((c.type === "Secret" || c.type === "SKR") && (c.data?.length ?? 0) !== 1)
      add("bad-claim", `claim ${c.label} (${c.type}) must name exactly one term`, c.role);
    if ((c.type === "Commit" || c.type === "Running") && c.peer === undefined)
      add("bad-claim", `claim ${c.label} (${c.type}) must name the peer role it agrees with`, c.role);
  }
  for (const e of spec.events) {
    const found = e.kind === "message" ? spec.messages.some((m) => m.label === e.label) : spec.claims.some((c) => c.label === e.label);
    if (!found) add("undefined-name", `event refers to ${e.kind} "${e.label}", which does not exist`, undefined, e.label);
  }
  if (problems.some((p) => p.kind === "undefined-name" || p.kind === "duplicate-label")) return problems;

  // Symbolic execution, one role at a time.
  for (const r of spec.roles) {
    const events = roleEvents(spec, r.name);
    // A passive role (one whose keys or name others use, like the patient during upload) is fine;
    // a role nothing refers to is a mistake.
    const mentioned = spec.messages.some((m) => subterms(m.term).some((s) => (s.kind === "agent" || s.kind === "pk") && s.role === r.name));
    if (events.length === 0 && !mentioned) add("unused-role", `role ${r.name} takes part in no message or claim and no term names it`, r.name);
    const k = new Knowledge(spec, r.name);
    for (const ev of events) {
      if (ev.kind === "send") {
        const missing = k.missingFor(ev.message.term);
        if (missing) add("unconstructible-send", `${r.name} cannot construct ${show(ev.message.term)}: it does not know ${show(missing)} at this point`, r.name, ev.message.label);
      } else if (ev.kind === "recv") {
        k.learn(ev.message.term);
        checkReceive(spec, k, ev.message, add);
      } else if (ev.kind === "claim") {
        const claim = ev.claim;
        for (const d of claim.data ?? []) {
          if (claim.type === "Secret" || claim.type === "SKR" || claim.type === "Running" || claim.type === "Commit") {
            const missing = k.missingFor(d);
            if (missing) add("unknown-claim-term", `claim ${claim.label} (${claim.type}) is about ${show(d)}, which ${r.name} does not know there (missing ${show(missing)})`, r.name);
          }
        }
      }
    }
  }

  // BAN: principals are roles; atoms are names the spec defines.
  const banNames = new Set<string>([...spec.roles.map((x) => x.name), ...spec.atoms.map((a) => a.name)]);
  for (const m of spec.messages) for (const s of subterms(m.term)) banNames.add(show(s));
  for (const c of spec.claims) for (const d of c.data ?? []) for (const s of subterms(d)) banNames.add(show(s));
  for (const kp of spec.keyPairs) {
    banNames.add(`pk_${kp.scheme}(${kp.role})`);
    banNames.add(`sk_${kp.scheme}(${kp.role})`);
  }
  for (const sk of spec.sharedKeys) banNames.add(show(sk));
  const banFormulas: [string, BanFormula][] = [
    ...spec.ban.assumptions.map((a) => [`assumption ${a.id}`, a.formula] as [string, BanFormula]),
    ...spec.ban.idealised.map((i) => [`idealisation of ${i.label}`, i.formula] as [string, BanFormula]),
    ...spec.ban.goals.map((g) => [`goal ${g.id}`, g.formula] as [string, BanFormula]),
  ];
  for (const i of spec.ban.idealised)
    if (!spec.messages.some((m) => m.label === i.label)) add("ban-unknown", `BAN idealisation names message "${i.label}", which does not exist`, undefined, i.label);
  for (const [where, f] of banFormulas)
    for (const name of banReferences(f))
      if (!banNames.has(name.name)) add("ban-unknown", `${where} refers to ${name.what} "${name.name}", which the spec does not define`);
  return problems;
}

/** Check a spec and throw a SpecCheckError listing every problem. */
export function assertWellFormed(spec: ProtocolSpec): void {
  const problems = checkSpec(spec);
  if (problems.length > 0) throw new SpecCheckError(problems);
}

function checkReceive(spec: ProtocolSpec, k: Knowledge, m: Message, add: (kind: ProblemKind, msg: string, role?: string, label?: string) => void) {
  for (const c of m.checks) {
    if (c.kind === "decrypt" && !k.canOpen(c.on))
      add("undecomposable-receive", `check ${c.id}: ${m.to} cannot decrypt ${show(c.on)} (it lacks the key)`, m.to, m.label);
    if (c.kind === "verify-signature" && c.on.kind !== "sign")
      add("undecomposable-receive", `check ${c.id} verifies a signature but names ${show(c.on)}, which is not one`, m.to, m.label);
    if (c.kind === "relay-proof" && !(c.on.kind === "sign" && c.on.key.scheme === spec.schemes.find((s) => s.use === "committee")?.name))
      add("undecomposable-receive", `check ${c.id} is a relay proof but ${show(c.on)} is not a committee signature`, m.to, m.label);
    if (c.kind !== "decrypt") {
      const missing = k.missingFor(c.on);
      if (missing) add("undecomposable-receive", `check ${c.id}: ${m.to} cannot evaluate it on ${show(c.on)}: it does not know ${show(missing)}`, m.to, m.label);
    }
  }
}

function duplicates(xs: string[]): string[] {
  return [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))];
}

function banReferences(f: BanFormula): { what: string; name: string }[] {
  switch (f.op) {
    case "atom":
      return [{ what: "term", name: f.name }];
    case "believes":
    case "sees":
    case "said":
    case "controls":
      return [{ what: "principal", name: f.p }, ...banReferences(f.x)];
    case "fresh":
      return banReferences(f.x);
    case "sharedKey":
      return [{ what: "principal", name: f.p }, { what: "principal", name: f.q }, { what: "key", name: f.k }];
    case "pubKey":
      return [{ what: "principal", name: f.p }, { what: "key", name: f.k }];
    case "secret":
      return [{ what: "principal", name: f.p }, { what: "principal", name: f.q }, { what: "secret", name: f.y }];
    case "enc":
      return [...banReferences(f.x), { what: "key", name: f.k }, ...(f.from ? [{ what: "principal", name: f.from }] : [])];
    case "signed":
      return [...banReferences(f.x), { what: "key", name: f.k }];
    case "combined":
      return [...banReferences(f.x), { what: "secret", name: f.y }];
    case "and":
      return f.items.flatMap(banReferences);
  }
}

/** A role's Dolev–Yao knowledge: initial knowledge plus everything analysed out of received messages. */
export class Knowledge {
  private readonly known = new Map<string, Term>();

  constructor(
    private readonly spec: ProtocolSpec,
    readonly role: string,
  ) {
    for (const r of spec.roles) this.add({ kind: "agent", role: r.name });
    for (const kp of spec.keyPairs) {
      this.add({ kind: "pk", role: kp.role, scheme: kp.scheme });
      if (kp.role === role) this.add({ kind: "sk", role, scheme: kp.scheme });
    }
    for (const s of spec.sharedKeys) if (s.roles.includes(role)) this.add(s);
    for (const a of spec.atoms) if (a.origin === "const" || a.owner === role) this.add(a);
    for (const kn of spec.knowledge) if (kn.role === role) this.learn(kn.term);
  }

  private add(t: Term): boolean {
    const key = show(t);
    if (this.known.has(key)) return false;
    this.known.set(key, t);
    return true;
  }

  /** Whether the role holds this term as a whole. */
  has(t: Term): boolean {
    return this.known.has(show(t));
  }

  /** Add a received term and close the knowledge under analysis (projection, decryption). */
  learn(t: Term): void {
    this.add(t);
    let changed = true;
    while (changed) {
      changed = false;
      for (const x of [...this.known.values()]) for (const part of this.analyse(x)) if (this.add(part)) changed = true;
    }
  }

  /** Whether the role can open an encryption-like term (it would learn its body). */
  canOpen(t: Term): boolean {
    return this.analyse(t).length > 0;
  }

  private analyse(t: Term): Term[] {
    switch (t.kind) {
      case "tuple":
        return [...t.items];
      case "sign":
        // Signatures in the symbolic model reveal their body to anyone holding the public key (Scyther's {m}sk(A)).
        return [t.body];
      case "aenc":
        return this.has({ kind: "sk", role: t.key.role, scheme: t.key.scheme }) ? [t.body] : [];
      case "senc":
        return this.missingFor(t.key) === undefined ? [t.body] : [];
      case "preEnc":
        return this.has({ kind: "sk", role: t.key.role, scheme: t.key.scheme }) ? [t.body] : [];
      case "rerand":
        return this.analyse(t.ct);
      case "reEnc": {
        const inner = t.ct.kind === "rerand" ? t.ct.ct : t.ct;
        const bound = !t.rk.record || show(t.rk.record.ct) === show(t.ct);
        const ok = bound && inner.kind === "preEnc" && inner.key.role === t.rk.from.role && this.has({ kind: "sk", role: t.rk.to.role, scheme: t.rk.to.scheme });
        return ok && inner.kind === "preEnc" ? [inner.body] : [];
      }
      default:
        return [];
    }
  }

  /** The first sub-term the role cannot construct, or undefined when the whole term is constructible. */
  missingFor(t: Term): Term | undefined {
    if (this.has(t)) return undefined;
    // An atomic term the role does not hold is what is missing; a composite is missing its first missing part.
    if (isAtomic(t)) return t;
    for (const part of children(t)) {
      const m = this.missingFor(part);
      if (m) return m;
    }
    return undefined;
  }
}
