// Mutation operators over the spec's data: each seeds one flaw a designer could make (a dropped
// signature or encryption, a constant where a fresh value was, a nonce or identity missing from a
// signed or encrypted payload, a key sent in clear). A model with teeth must find an attack on each.
import type { Check, Claim, Message, ProtocolSpec } from "../protocol/language.ts";
import { type Atom, type Term, children, show, subterms, tuple } from "../protocol/terms.ts";

export type MutationOperator = "drop-signature" | "drop-encryption" | "fresh-to-constant" | "drop-nonce" | "drop-identity" | "drop-field" | "leak-key";

export interface Mutant {
  /** Stable and readable: `<protocol>:<operator>:<what>`. */
  readonly id: string;
  readonly operator: MutationOperator;
  readonly description: string;
  readonly spec: ProtocolSpec;
  /**
   * Set when the mutant is equivalent by construction in the symbolic model, so no claim can tell it
   * apart: it is reported, not counted (docs/abstractions.md, "Mutation testing").
   */
  readonly equivalent?: string;
}

/** Rebuild a term bottom-up, replacing any sub-term for which `f` returns a term. */
export function mapTerm(t: Term, f: (t: Term) => Term | undefined): Term {
  const direct = f(t);
  if (direct !== undefined) return direct;
  const m = (x: Term) => mapTerm(x, f);
  switch (t.kind) {
    case "atom":
    case "agent":
    case "pk":
    case "sk":
    case "k":
      return t;
    case "tuple":
      return { ...t, items: t.items.map(m) };
    case "hash":
      return { ...t, items: t.items.map(m) };
    case "sign":
      return { ...t, body: m(t.body) };
    case "aenc":
    case "preEnc":
      return { ...t, body: m(t.body) };
    case "senc":
      return { ...t, key: m(t.key), body: m(t.body) };
    case "reKey":
      return t;
    case "reEnc":
      return { ...t, ct: m(t.ct) };
    case "rerand":
      return { ...t, ct: m(t.ct) };
  }
}

/** Apply a term rewrite to every message, check and claim of a spec; drop the checks `keepCheck` rejects. */
function rewrite(spec: ProtocolSpec, f: (t: Term) => Term | undefined, keepCheck: (c: Check) => boolean = () => true): ProtocolSpec {
  const messages: Message[] = spec.messages.map((msg) => ({
    ...msg,
    term: mapTerm(msg.term, f),
    checks: msg.checks.filter(keepCheck).map((c) => ({ ...c, on: mapTerm(c.on, f) })),
  }));
  const claims: Claim[] = spec.claims.map((c) => (c.data ? { ...c, data: c.data.map((d) => mapTerm(d, f)) } : c));
  return { ...spec, messages, claims, knowledge: spec.knowledge.map((k) => ({ ...k, term: mapTerm(k.term, f) })) };
}

/** Distinct sub-terms of the spec's messages satisfying `pred`, each with the first message it occurs in. */
function distinct(spec: ProtocolSpec, pred: (t: Term) => boolean): { term: Term; label: string }[] {
  const seen = new Map<string, { term: Term; label: string }>();
  for (const m of spec.messages) for (const s of subterms(m.term)) if (pred(s) && !seen.has(show(s))) seen.set(show(s), { term: s, label: m.label });
  return [...seen.values()];
}

const keyName = (t: Term): string => (t.kind === "sign" || t.kind === "aenc" || t.kind === "preEnc" || t.kind === "senc" ? show(t.key) : show(t));

function dropSignatures(spec: ProtocolSpec): Mutant[] {
  return distinct(spec, (t) => t.kind === "sign").map(({ term, label }) => {
    const key = show(term);
    return {
      id: `${spec.name}:drop-signature:${keyName(term)}@${label}`,
      operator: "drop-signature",
      description: `the signature with ${keyName(term)} first sent in ${label} is replaced by its unsigned body`,
      spec: rewrite(spec, (t) => (show(t) === key && t.kind === "sign" ? t.body : undefined), (c) => !subterms(c.on).some((s) => show(s) === key)),
    };
  });
}

function dropEncryptions(spec: ProtocolSpec): Mutant[] {
  return distinct(spec, (t) => t.kind === "aenc" || t.kind === "senc" || t.kind === "preEnc").map(({ term, label }) => {
    const key = show(term);
    return {
      id: `${spec.name}:drop-encryption:${keyName(term)}@${label}`,
      operator: "drop-encryption",
      description: `the encryption under ${keyName(term)} first sent in ${label} is sent as plaintext`,
      spec: rewrite(spec, (t) => (show(t) === key && (t.kind === "aenc" || t.kind === "senc" || t.kind === "preEnc") ? t.body : undefined), (c) => !subterms(c.on).some((s) => show(s) === key)),
    };
  });
}

/** Atoms the model states: re-randomisation randomness is abstracted away (the model collapses rr[s](C) to C). */
function modelledAtoms(spec: ProtocolSpec): Set<string> {
  const out = new Set<string>();
  const walk = (t: Term): void => {
    if (t.kind === "atom") out.add(t.name);
    if (t.kind === "rerand") return walk(t.ct);
    for (const c of children(t)) walk(c);
  };
  for (const m of spec.messages) walk(m.term);
  for (const c of spec.claims) for (const d of c.data ?? []) walk(d);
  return out;
}

function freshToConstant(spec: ProtocolSpec): Mutant[] {
  const modelled = modelledAtoms(spec);
  return spec.atoms
    .filter((a) => a.origin === "fresh")
    .map((a) => {
      const constant: Atom = { kind: "atom", name: a.name, sort: a.sort, origin: "const" };
      const mutated = rewrite(spec, (t) => (t.kind === "atom" && t.name === a.name ? constant : undefined));
      return {
        id: `${spec.name}:fresh-to-constant:${a.name}`,
        operator: "fresh-to-constant" as const,
        description: `${a.owner}'s fresh ${a.sort} ${a.name} becomes a public constant`,
        spec: { ...mutated, atoms: spec.atoms.map((x) => (x.name === a.name ? constant : x)) },
        ...(!modelled.has(a.name)
          ? { equivalent: `${a.name} is re-randomisation randomness, which the model abstracts away (a re-randomised ciphertext is the same term)` }
          : a.sort === "Name"
            ? { equivalent: `${a.name} is a Name, a public identifier its owner reuses across runs: as a constant it loses no secrecy and no freshness the protocol relies on` }
            : {}),
      };
    });
}

function fieldOperator(item: Term): MutationOperator | undefined {
  if (item.kind === "agent") return "drop-identity";
  if (item.kind === "atom" && (item.sort === "Nonce" || item.sort === "Timestamp")) return "drop-nonce";
  if (item.kind === "atom" || item.kind === "hash") return "drop-field";
  return undefined;
}

/** The subterms of `t` a receiver can compare, i.e. not inside a hash's input (the hash itself is one). */
function visibleSubterms(t: Term): Term[] {
  if (t.kind === "hash") return [t];
  return [t, ...children(t).flatMap(visibleSubterms)];
}

/** Remove one field from a signed or encrypted payload (everywhere that payload occurs). */
function dropFields(spec: ProtocolSpec): Mutant[] {
  const out: Mutant[] = [];
  for (const { term, label } of distinct(spec, (t) => (t.kind === "sign" || t.kind === "aenc" || t.kind === "preEnc" || t.kind === "senc") && t.body.kind === "tuple")) {
    if (term.kind !== "sign" && term.kind !== "aenc" && term.kind !== "preEnc" && term.kind !== "senc") continue;
    const body = term.body;
    if (body.kind !== "tuple") continue;
    body.items.forEach((item, i) => {
      const operator = fieldOperator(item);
      if (!operator) return;
      const key = show(term);
      const rest = body.items.filter((_, j) => j !== i);
      const newBody = rest.length === 1 ? rest[0]! : tuple(...rest);
      const signer = term.kind === "sign" && item.kind === "agent" && item.role === term.key.role;
      // A public or private key names its holder, so an agent under a key of theirs is still bound.
      const names = (s: Term) => show(s) === show(item) || (item.kind === "agent" && (s.kind === "pk" || s.kind === "sk") && s.role === item.role);
      // Only where a receiver can see it: an occurrence inside a one-way function's input (a blob's
      // key derivation under a CID, say) binds nothing the verifier of the payload can check.
      const still = rest.some((r) => visibleSubterms(r).some(names));
      const sibling = item.kind === "hash" && rest.some((r) => r.kind === "hash" && show(tuple(...r.items)) === show(tuple(...item.items)));
      const equivalent = signer
        ? `the signing key ${keyName(term)} already names its signer ${item.role}`
        : still
          ? `${show(item)} still occurs in the payload (inside another field), so the payload binds it unchanged`
          : sibling
            ? `another digest of the same value stays in the payload and binds it`
            : undefined;
      out.push({
        id: `${spec.name}:${operator}:${show(item)} from ${keyName(term)}@${label}`,
        operator,
        description: `${show(item)} is left out of the payload under ${keyName(term)} first sent in ${label}`,
        spec: rewrite(spec, (t) => (show(t) === key ? ({ ...term, body: newBody } as Term) : undefined)),
        ...(equivalent ? { equivalent } : {}),
      });
    });
  }
  return out;
}

/** Send a private key, or a fresh data or session key, in clear in the first message its holder sends. */
function leakKeys(spec: ProtocolSpec): Mutant[] {
  const out: Mutant[] = [];
  const secrets: { holder: string; term: Term }[] = [
    ...spec.keyPairs.map((kp) => ({ holder: kp.role, term: { kind: "sk", role: kp.role, scheme: kp.scheme } as Term })),
    ...spec.atoms.filter((a) => a.origin === "fresh" && (a.sort === "DataKey" || a.sort === "SessionKey")).map((a) => ({ holder: a.owner!, term: a as Term })),
  ];
  for (const { holder, term } of secrets) {
    const first = spec.messages.find((m) => m.from === holder);
    if (!first) continue;
    const messages = spec.messages.map((m) => (m === first ? { ...m, term: m.term.kind === "tuple" ? tuple(...m.term.items, term) : tuple(m.term, term) } : m));
    out.push({
      id: `${spec.name}:leak-key:${show(term)}@${first.label}`,
      operator: "leak-key",
      description: `${holder} sends ${show(term)} in clear in ${first.label}`,
      spec: { ...spec, messages },
    });
  }
  return out;
}

/** Every mutant of a spec, in a fixed order. */
export function mutantsOf(spec: ProtocolSpec): Mutant[] {
  return [...dropSignatures(spec), ...dropEncryptions(spec), ...freshToConstant(spec), ...dropFields(spec), ...leakKeys(spec)];
}
