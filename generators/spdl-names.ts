// How spec names become Scyther identifiers: sorts to types, key schemes to key functions, one-way
// functions to hash functions. Kept apart from the renderer so the parser, the mutants and the
// verify script agree on the same names.
import type { ProtocolSpec } from "../protocol/language.ts";
import type { KeyScheme, Sort, Term } from "../protocol/terms.ts";
import { subterms } from "../protocol/terms.ts";
import { MedExChainError } from "../protocol/errors.ts";

/** Scyther's built-in types; every other sort becomes a `usertype` of the same name. */
const BUILTIN_TYPES: Readonly<Partial<Record<Sort, string>>> = {
  Agent: "Agent",
  Nonce: "Nonce",
  SessionKey: "SessionKey",
  Data: "Data",
};

/** Words Scyther reserves or predefines; a spec name equal to one of them would change the model's meaning. */
export const SCYTHER_RESERVED: ReadonlySet<string> = new Set([
  "protocol", "role", "send", "recv", "claim", "fresh", "var", "const", "secret", "hashfunction", "function",
  "usertype", "inversekeys", "inversekeyfunctions", "compromised", "untrusted", "macro", "match", "not",
  "Agent", "Nonce", "Ticket", "Function", "SessionKey", "Data", "pk", "sk", "k", "Eve", "Alice", "Bob",
  "Charlie", "Dave", "Simon", "Pete", "Secret", "SKR", "Alive", "Weakagree", "Niagree", "Nisynch", "Commit",
  "Running", "Reachable", "Empty", "SID", "NotEqual",
]);

export class SpdlNameError extends MedExChainError {
  constructor(protocol: string, detail: string) {
    super("E_SPDL_NAME", `cannot name ${protocol} in Scyther: ${detail}`, "rename it in the spec under protocol/specs/");
  }
}

/** The Scyther type for a sort. */
export function scytherType(sort: Sort): string {
  return BUILTIN_TYPES[sort] ?? sort;
}

/** Whether a sort needs a `usertype` declaration. */
export function isUserType(sort: Sort): boolean {
  return BUILTIN_TYPES[sort] === undefined;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Public-key function of a scheme (the default scheme "pk" is Scyther's built-in PKI). */
export function pkFunction(scheme: string): string {
  return scheme === "pk" ? "pk" : `pk${cap(scheme)}`;
}

/** Private-key function of a scheme. */
export function skFunction(scheme: string): string {
  return scheme === "pk" ? "sk" : `sk${cap(scheme)}`;
}

/** First-level (re-encrypted, not re-encryptable) PRE key functions: a level tag on the same key pair. */
export function pkFirstLevel(scheme: string): string {
  return `${pkFunction(scheme)}1`;
}

/** Private half of the first-level PRE key functions. */
export function skFirstLevel(scheme: string): string {
  return `${skFunction(scheme)}1`;
}

/** The one-way function that derives a re-encryption key from a private and a public PRE key. */
export function rekeyFunction(scheme: string): string {
  return `rekey${cap(scheme)}`;
}

/** The one-way function that derives a record-bound re-encryption token rkrec(sk(A), C, pk(B), ρ). */
export function recordKeyFunction(scheme: string): string {
  return `rkrec${cap(scheme)}`;
}

/** The PRE re-encryption oracle helper protocol for a scheme. */
export function oracleProtocol(scheme: string): string {
  return `@ReEnc${cap(scheme)}`;
}

/** Every term of a spec: messages, checks, claim data and initial knowledge. */
export function allTerms(spec: ProtocolSpec): Term[] {
  return [
    ...spec.messages.flatMap((m) => [m.term, ...m.checks.map((c) => c.on)]),
    ...spec.claims.flatMap((c) => c.data ?? []),
    ...spec.knowledge.map((k) => k.term),
  ].flatMap(subterms);
}

/** The schemes a spec actually uses (key pairs or terms), in declaration order. */
export function usedSchemes(spec: ProtocolSpec): KeyScheme[] {
  const used = new Set<string>(spec.keyPairs.map((k) => k.scheme));
  for (const t of allTerms(spec)) if (t.kind === "pk" || t.kind === "sk") used.add(t.scheme);
  return spec.schemes.filter((s) => used.has(s.name));
}

/** The names of the one-way functions a spec applies, in first-use order. */
export function hashFunctions(spec: ProtocolSpec): string[] {
  const out: string[] = [];
  for (const t of allTerms(spec)) if (t.kind === "hash" && !out.includes(t.fn)) out.push(t.fn);
  return out;
}

/** Throw when two different things in a spec would get the same Scyther identifier. */
export function assertDistinctNames(spec: ProtocolSpec): void {
  const owners = new Map<string, string>();
  const claim = (id: string, what: string) => {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(id)) throw new SpdlNameError(spec.name, `${what} "${id}" is not an alphanumeric identifier`);
    if (SCYTHER_RESERVED.has(id)) throw new SpdlNameError(spec.name, `${what} "${id}" is a Scyther keyword or predefined name`);
    const prev = owners.get(id);
    if (prev !== undefined && prev !== what) throw new SpdlNameError(spec.name, `${what} "${id}" has the same Scyther name as ${prev}`);
    owners.set(id, what);
  };
  claim(spec.name, "the protocol name");
  for (const r of spec.roles) claim(r.name, `role`);
  for (const a of spec.atoms) claim(a.name, `value`);
  for (const f of hashFunctions(spec)) claim(f, `function`);
  for (const s of usedSchemes(spec)) {
    if (s.name === "pk") continue;
    claim(pkFunction(s.name), `key function of scheme ${s.name}`);
    claim(skFunction(s.name), `key function of scheme ${s.name}`);
    if (s.use === "pre") {
      claim(pkFirstLevel(s.name), `key function of scheme ${s.name}`);
      claim(skFirstLevel(s.name), `key function of scheme ${s.name}`);
      claim(rekeyFunction(s.name), `re-encryption key function of scheme ${s.name}`);
      claim(recordKeyFunction(s.name), `record-bound re-encryption key function of scheme ${s.name}`);
    }
  }
  const labels = new Map<string, string>();
  for (const m of spec.messages) labels.set(m.label, "message");
  for (const c of spec.claims) {
    if (labels.has(c.label)) throw new SpdlNameError(spec.name, `claim label "${c.label}" is also a message label; Scyther's --filter would be ambiguous`);
    if (!/^[A-Za-z0-9]+$/.test(c.label)) throw new SpdlNameError(spec.name, `claim label "${c.label}" must be alphanumeric`);
  }
  for (const m of spec.messages)
    if (!/^[A-Za-z0-9]+$/.test(m.label)) throw new SpdlNameError(spec.name, `message label "${m.label}" must be alphanumeric`);
}
