// The spec language: a protocol is built once by calling these constructors, and the result is
// plain, serialisable data (`ProtocolSpec`) that every generator, the implementation and the
// conformance checker read. Declaration order is meaning: each role's events happen in the order
// its messages and claims are declared.

import type { BanFormula } from "./ban.ts";
import type { AgentTerm, Atom, KeyScheme, PublicKey, SecretKey, SharedKey, Sort, Term } from "./terms.ts";
import { MedExChainError } from "./errors.ts";

/** oob: out of band and unauthenticated (a QR code, a card): the adversary may read, drop or forge it. */
export type Channel = "direct" | "chainA" | "chainB" | "relay" | "storage" | "oob";

/** What a receiver checks before accepting a message; each kind has code in the implementation. */
export type CheckKind =
  | "verify-signature"
  | "decrypt"
  | "fresh-nonce"
  | "timestamp"
  | "equals"
  | "registered"
  | "certified"
  | "relay-proof"
  | "chain-id"
  | "hash"
  /** The receiver goes on only with a peer it chooses to trust (a patient's consent); `on` names the peer. */
  | "consent";

export interface Check {
  /** Unique within the protocol: `<message label>.<name>`. */
  readonly id: string;
  readonly name: string;
  readonly kind: CheckKind;
  /** The term the check is about (the signature verified, the nonce checked for replay, …). */
  readonly on: Term;
  readonly description: string;
}

export interface Role {
  readonly name: string;
  readonly title: string;
}

export interface Message {
  readonly label: string;
  readonly phase: string;
  readonly from: string;
  readonly to: string;
  readonly channel: Channel;
  readonly term: Term;
  readonly checks: readonly Check[];
  readonly description: string;
}

export type ClaimType = "Secret" | "SKR" | "Alive" | "Weakagree" | "Niagree" | "Nisynch" | "Commit" | "Running" | "Reachable";

export interface Claim {
  /** The claim's label, unique within the protocol; Scyther's `--filter=Protocol,label` addresses it. */
  readonly label: string;
  readonly role: string;
  readonly type: ClaimType;
  /** Secret/SKR: the term kept secret. Commit/Running: the peer role and the data agreed on. */
  readonly peer?: string;
  readonly data?: readonly Term[];
  readonly goal: string;
  /**
   * Secrecy claims only: the term naming the record the secret belongs to. The claim then reads
   * "stays secret unless this record was granted to a compromised party" (docs/abstractions.md, "Compromise").
   */
  readonly unlessGranted?: Term;
  /** The least bound on runs at which Scyther checks this claim (the other-record scenario needs 6). */
  readonly minRuns?: number;
  /** Where ProVerif's verdict is expected to differ from Scyther's, what it is and why (docs/abstractions.md §15). */
  readonly proverif?: { readonly expect: "Ok" | "Fail" | "Inconclusive"; readonly why: string };
}

/** A message by which one role grants another access to one record. */
export interface GrantDeclaration {
  readonly message: string;
  readonly by: string;
  readonly to: string;
  /** The term naming the granted record (as the granting role knows it). */
  readonly record: Term;
  /**
   * Whether the granting role also grants *other* records to parties it does not trust (a delegatee who
   * is the intruder for other records). The Scyther model then gains a scenario protocol doing so.
   */
  readonly otherRecords: boolean;
}

/** Who the adversary may corrupt, and what corrupting them gives it. */
export interface CompromiseDeclarations {
  /**
   * Roles whose agents the adversary may corrupt at any time, before or after they act (a party
   * corrupted after a grant); corrupting an agent publishes its private keys in the schemes listed.
   * A role not listed is corruptible with every key it holds.
   */
  readonly parties: readonly { readonly role: string; readonly keys: readonly string[]; readonly why: string }[];
  /**
   * Roles played by a committee of which the adversary may hold a minority: corrupting members gives it
   * no key (a threshold signature needs t of n), so claims do not assume these agents honest.
   */
  readonly minority: readonly { readonly role: string; readonly why: string }[];
  readonly grants: readonly GrantDeclaration[];
}

export type Verdict = "Ok" | "Fail";

export type Event = { readonly kind: "message"; readonly label: string } | { readonly kind: "claim"; readonly label: string };

export interface BanAnnotations {
  readonly assumptions: readonly { readonly id: string; readonly formula: BanFormula }[];
  readonly idealised: readonly { readonly label: string; readonly from: string; readonly to: string; readonly formula: BanFormula }[];
  readonly goals: readonly { readonly id: string; readonly formula: BanFormula; readonly description: string; readonly expectProved?: boolean }[];
  /**
   * Key or secret statements an idealisation makes that its message does not carry (a key read from a
   * registry the signer vouches for): explicit interpretive assumptions, listed in the BAN report.
   * Any other key or secret statement without a carrier is removed by grounding (verify/ban/grounding.ts).
   */
  readonly interpretations: readonly { readonly label: string; readonly statement: BanFormula; readonly why: string }[];
}

export interface ProtocolSpec {
  readonly name: string;
  readonly title: string;
  /** The file that states this protocol, relative to the repository root. */
  readonly source: string;
  /** Protocols written together (MedExChain's sub-protocols) share a family name. */
  readonly family: string;
  readonly description: string;
  readonly phases: readonly string[];
  readonly schemes: readonly KeyScheme[];
  readonly roles: readonly Role[];
  readonly atoms: readonly Atom[];
  /** Key pairs: which role holds a key pair of which scheme. */
  readonly keyPairs: readonly { readonly role: string; readonly scheme: string }[];
  readonly sharedKeys: readonly SharedKey[];
  /** Extra initial knowledge beyond agents, public keys, own private keys, shared keys and constants. */
  readonly knowledge: readonly { readonly role: string; readonly term: Term }[];
  readonly messages: readonly Message[];
  readonly claims: readonly Claim[];
  readonly events: readonly Event[];
  /** Expected Scyther verdict per claim label; a claim not listed is expected to hold. */
  readonly expected: Readonly<Record<string, Verdict>>;
  readonly ban: BanAnnotations;
  readonly compromise: CompromiseDeclarations;
}

export class SpecDefinitionError extends MedExChainError {
  constructor(protocol: string, detail: string) {
    super("E_SPEC_DEFINITION", `spec "${protocol}": ${detail}`, "fix the protocol definition under protocol/specs/");
  }
}

export interface CheckSpec {
  readonly name: string;
  readonly kind: CheckKind;
  readonly on: Term;
  readonly description: string;
}

export interface MessageOptions {
  readonly phase?: string;
  readonly channel?: Channel;
  readonly checks?: readonly CheckSpec[];
  readonly description?: string;
}

export interface ClaimOptions {
  readonly label?: string;
  readonly peer?: Role;
  readonly data?: readonly Term[];
  readonly goal?: string;
  /** The verdict Scyther is expected to give (default Ok): a known attack is an expectation too. */
  readonly expect?: Verdict;
  /** Secrecy claims: the record the secret belongs to; it stays secret unless that record was granted to a compromised party. */
  readonly unlessGranted?: Term;
  /** The least bound on runs at which Scyther checks the claim. */
  readonly minRuns?: number;
  /** ProVerif's expected verdict where it differs from Scyther's, with the reason. */
  readonly proverif?: { readonly expect: "Ok" | "Fail" | "Inconclusive"; readonly why: string };
}

/** The builder handed to a protocol definition. */
export interface Builder {
  role(name: string, title?: string): Role;
  scheme(s: KeyScheme): KeyScheme;
  /** Give a role a key pair in a scheme (default scheme "pk"). */
  keyPair(role: Role, scheme?: string): { pk: PublicKey; sk: SecretKey };
  pk(role: Role, scheme?: string): PublicKey;
  sk(role: Role, scheme?: string): SecretKey;
  shared(a: Role, b: Role): SharedKey;
  agent(role: Role): AgentTerm;
  fresh(owner: Role, name: string, sort: Sort): Atom;
  constant(name: string, sort: Sort): Atom;
  knows(role: Role, term: Term): void;
  phase(name: string): void;
  message(label: string, from: Role, to: Role, term: Term, options?: MessageOptions): Message;
  claim(role: Role, type: ClaimType, param?: Term, options?: ClaimOptions): Claim;
  check(name: string, kind: CheckKind, on: Term, description: string): CheckSpec;
  compromise: {
    /** Corrupting an agent of this role publishes its private keys in these schemes (default: all it holds). */
    party(role: Role, keys: readonly string[], why: string): void;
    /** The adversary may hold a minority of this role's committee: no key, and claims do not assume it honest. */
    minority(role: Role, why: string): void;
    /** Message `label` grants `to` access to the record `record`; `otherRecords`: the granter also grants other records to parties it does not trust. */
    grant(label: string, to: Role, record: Term, options?: { readonly otherRecords?: boolean }): void;
  };
  ban: {
    assume(id: string, formula: BanFormula): void;
    idealise(label: string, formula: BanFormula): void;
    /** A BAN goal; `expectProved: false` when the idealisation honestly does not give it (a known flaw). */
    goal(id: string, formula: BanFormula, description: string, options?: { readonly expectProved?: boolean }): void;
    /** Message `label`'s idealisation states `statement` (a key or secret) its message does not carry: say why it may. */
    interpret(label: string, statement: BanFormula, why: string): void;
  };
}

export interface ProtocolHeader {
  readonly name: string;
  readonly title: string;
  readonly source: string;
  readonly family?: string;
  readonly description: string;
}

const DEFAULT_SCHEME: KeyScheme = { name: "pk", use: "encryption", algorithm: "abstract public-key encryption and signature" };

/** Define a protocol: `build` declares roles, values, messages, claims and BAN annotations in order. */
export function protocol(header: ProtocolHeader, build: (p: Builder) => void): ProtocolSpec {
  const name = header.name;
  const fail = (detail: string): never => {
    throw new SpecDefinitionError(name, detail);
  };
  const roles: Role[] = [];
  const schemes: KeyScheme[] = [];
  const atoms: Atom[] = [];
  const keyPairs: { role: string; scheme: string }[] = [];
  const sharedKeys: SharedKey[] = [];
  const knowledge: { role: string; term: Term }[] = [];
  const messages: Message[] = [];
  const claims: Claim[] = [];
  const events: Event[] = [];
  const expected: Record<string, Verdict> = {};
  const phases: string[] = [];
  const ban = {
    assumptions: [] as BanAnnotations["assumptions"][number][],
    idealised: [] as BanAnnotations["idealised"][number][],
    goals: [] as BanAnnotations["goals"][number][],
    interpretations: [] as BanAnnotations["interpretations"][number][],
  };
  const compromise = { parties: [] as CompromiseDeclarations["parties"][number][], minority: [] as CompromiseDeclarations["minority"][number][], grants: [] as GrantDeclaration[] };
  let currentPhase = "main";
  const claimCount = new Map<string, number>();

  const known = (r: Role): string => {
    if (!roles.some((x) => x.name === r.name)) fail(`role "${r.name}" is used before it is declared`);
    return r.name;
  };
  const schemeName = (s: string | undefined): string => {
    const n = s ?? "pk";
    if (n === "pk" && !schemes.some((x) => x.name === "pk")) schemes.push(DEFAULT_SCHEME);
    if (!schemes.some((x) => x.name === n)) fail(`key scheme "${n}" is not declared (declare it with p.scheme)`);
    return n;
  };

  const b: Builder = {
    role(rname, title) {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(rname)) fail(`role name "${rname}" must be alphanumeric and start with a letter`);
      if (roles.some((r) => r.name === rname)) fail(`role "${rname}" is declared twice`);
      const r = { name: rname, title: title ?? rname };
      roles.push(r);
      return r;
    },
    scheme(s) {
      if (schemes.some((x) => x.name === s.name)) fail(`key scheme "${s.name}" is declared twice`);
      schemes.push(s);
      return s;
    },
    keyPair(role, scheme) {
      const r = known(role);
      const s = schemeName(scheme);
      if (!keyPairs.some((k) => k.role === r && k.scheme === s)) keyPairs.push({ role: r, scheme: s });
      return { pk: { kind: "pk", role: r, scheme: s }, sk: { kind: "sk", role: r, scheme: s } };
    },
    pk(role, scheme) {
      return b.keyPair(role, scheme).pk;
    },
    sk(role, scheme) {
      return b.keyPair(role, scheme).sk;
    },
    shared(a, c) {
      const k: SharedKey = { kind: "k", roles: [known(a), known(c)] };
      if (!sharedKeys.some((x) => x.roles[0] === k.roles[0] && x.roles[1] === k.roles[1])) sharedKeys.push(k);
      return k;
    },
    agent(role) {
      return { kind: "agent", role: known(role) };
    },
    fresh(owner, aname, sort) {
      const o = known(owner);
      if (atoms.some((a) => a.name === aname)) fail(`value "${aname}" is declared twice`);
      const a: Atom = { kind: "atom", name: aname, sort, origin: "fresh", owner: o };
      atoms.push(a);
      return a;
    },
    constant(aname, sort) {
      if (atoms.some((a) => a.name === aname)) fail(`value "${aname}" is declared twice`);
      const a: Atom = { kind: "atom", name: aname, sort, origin: "const" };
      atoms.push(a);
      return a;
    },
    knows(role, term) {
      knowledge.push({ role: known(role), term });
    },
    phase(pname) {
      currentPhase = pname;
      if (!phases.includes(pname)) phases.push(pname);
    },
    message(label, from, to, term, options = {}) {
      if (messages.some((m) => m.label === label)) fail(`message label "${label}" is used twice`);
      const phase = options.phase ?? currentPhase;
      if (!phases.includes(phase)) phases.push(phase);
      const checks = (options.checks ?? []).map((c) => ({ id: `${label}.${c.name}`, ...c }));
      const dup = checks.find((c, i) => checks.findIndex((d) => d.id === c.id) !== i);
      if (dup) fail(`message "${label}" has two checks named "${dup.name}"`);
      const m: Message = {
        label,
        phase,
        from: known(from),
        to: known(to),
        channel: options.channel ?? "direct",
        term,
        checks,
        description: options.description ?? "",
      };
      messages.push(m);
      events.push({ kind: "message", label });
      return m;
    },
    claim(role, type, param, options = {}) {
      const r = known(role);
      const n = (claimCount.get(r) ?? 0) + 1;
      claimCount.set(r, n);
      const label = options.label ?? `${r}${n}`;
      if (claims.some((c) => c.label === label)) fail(`claim label "${label}" is used twice`);
      const data = options.data ?? (param && (type === "Commit" || type === "Running") ? [param] : undefined);
      const c: Claim = {
        label,
        role: r,
        type,
        ...(options.peer ? { peer: known(options.peer) } : {}),
        ...(type === "Secret" || type === "SKR" ? (param ? { data: [param] } : {}) : data ? { data } : {}),
        goal: options.goal ?? "",
        ...(options.unlessGranted ? { unlessGranted: options.unlessGranted } : {}),
        ...(options.minRuns !== undefined ? { minRuns: options.minRuns } : {}),
        ...(options.proverif ? { proverif: options.proverif } : {}),
      };
      if (options.unlessGranted && type !== "Secret" && type !== "SKR") fail(`claim "${label}": only a secrecy claim can be conditional on a grant`);
      claims.push(c);
      events.push({ kind: "claim", label });
      if (options.expect === "Fail") expected[label] = "Fail";
      return c;
    },
    check(cname, kind, on, description) {
      return { name: cname, kind, on, description };
    },
    compromise: {
      party(role, keys, why) {
        const r = known(role);
        for (const k of keys) if (!keyPairs.some((x) => x.role === r && x.scheme === k)) fail(`compromise of ${r} publishes its ${k} key, but ${r} holds no key pair of scheme ${k}`);
        compromise.parties.push({ role: r, keys: [...keys], why });
      },
      minority(role, why) {
        compromise.minority.push({ role: known(role), why });
      },
      grant(label, to, record, options = {}) {
        const m = messages.find((x) => x.label === label);
        if (!m) fail(`grant names message "${label}", which is not declared before it`);
        compromise.grants.push({ message: label, by: m!.from, to: known(to), record, otherRecords: options.otherRecords ?? false });
      },
    },
    ban: {
      assume(id, formula) {
        if (ban.assumptions.some((a) => a.id === id)) fail(`BAN assumption "${id}" is declared twice`);
        ban.assumptions.push({ id, formula });
      },
      idealise(label, formula) {
        const m = messages.find((x) => x.label === label);
        if (!m) fail(`BAN idealisation names message "${label}", which is not declared before it`);
        ban.idealised.push({ label, from: m!.from, to: m!.to, formula });
      },
      goal(id, formula, description, options = {}) {
        if (ban.goals.some((g) => g.id === id)) fail(`BAN goal "${id}" is declared twice`);
        ban.goals.push({ id, formula, description, ...(options.expectProved === false ? { expectProved: false } : {}) });
      },
      interpret(label, statement, why) {
        if (!messages.some((m) => m.label === label)) fail(`BAN interpretation names message "${label}", which is not declared before it`);
        if (statement.op !== "pubKey" && statement.op !== "sharedKey" && statement.op !== "secret") fail(`BAN interpretation for "${label}" must be a key or secret statement`);
        ban.interpretations.push({ label, statement, why });
      },
    },
  };

  build(b);
  if (phases.length === 0) phases.push("main");
  return {
    name,
    title: header.title,
    source: header.source,
    family: header.family ?? name,
    description: header.description,
    phases,
    schemes,
    roles,
    atoms,
    keyPairs,
    sharedKeys,
    knowledge,
    messages,
    claims,
    events,
    expected,
    ban,
    compromise,
  };
}

/** One event of a role: it sends or receives a message, or makes a claim. */
export type RoleEvent = { readonly kind: "send"; readonly message: Message } | { readonly kind: "recv"; readonly message: Message } | { readonly kind: "claim"; readonly claim: Claim };

/** The events of one role, in order: its sends, receives and claims. */
export function roleEvents(spec: ProtocolSpec, role: string): RoleEvent[] {
  const out: RoleEvent[] = [];
  for (const e of spec.events) {
    if (e.kind === "message") {
      const m = spec.messages.find((x) => x.label === e.label)!;
      if (m.from === role) out.push({ kind: "send", message: m });
      if (m.to === role) out.push({ kind: "recv", message: m });
    } else {
      const c = spec.claims.find((x) => x.label === e.label)!;
      if (c.role === role) out.push({ kind: "claim", claim: c });
    }
  }
  return out;
}

/** The expected verdict of a claim (Ok unless the spec says otherwise). */
export function expectedVerdict(spec: ProtocolSpec, label: string): Verdict {
  return spec.expected[label] ?? "Ok";
}
