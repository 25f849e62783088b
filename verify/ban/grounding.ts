// Grounds the BAN annotations in the spec's concrete messages before anything is proved. BAN's weak
// point is the hand-written idealisation: an idealised message may claim more than the message says,
// and a freshness assumption may be made of a value nothing makes fresh. Both are read here against the
// same spec the Scyther model and the implementation come from, so a designer who drops a field from a
// signature, or turns a nonce into a constant, sees the BAN proofs that relied on it fail instead of
// silently standing on an idealisation the message no longer supports.
//
// What is checked:
// - every message-level part of an idealisation (an atom, a signature {X}_{K⁻¹}, an encryption {X}_K,
//   a combination ⟨X⟩_Y) must occur in the message: a signature or encryption as a signature or
//   encryption under that key, and each of its atoms inside that signature's or encryption's body
//   (possibly under a hash: signing H(x, y) signs x and y);
// - every key or secret statement inside an idealisation (K ↔ between P and Q, →K P, P ⇌Y Q) must have a
//   carrier: the key or secret occurs in the signed or encrypted part that states it. Otherwise it is an
//   explicit interpretive assumption (`p.ban.interpret`, listed in the report) or it is removed.
//   Beliefs, jurisdiction and freshness inside an idealisation are its reading and are not checked;
// - every freshness assumption P |≡ #(X) must name at least one value the spec generates fresh.
// Unsupported parts are removed from the idealisation (a sound weakening: the rest is still said by
// the message) and unjustified assumptions are dropped; the prover then runs on what remains.
import type { BanFormula } from "../../protocol/ban.ts";
import { showBan } from "../../protocol/ban.ts";
import type { BanAnnotations, ProtocolSpec } from "../../protocol/language.ts";
import type { Problem } from "../../protocol/check.ts";
import { show, subterms, type Term } from "../../protocol/terms.ts";
import type { BanInput } from "./prover.ts";

/** A part of an idealised message that the concrete message does not carry. */
export interface UnsupportedPart {
  readonly message: string;
  readonly part: string;
  readonly reason: string;
}

/** A freshness assumption about values none of which the spec generates fresh. */
export interface UnjustifiedAssumption {
  readonly assumption: string;
  readonly formula: string;
  readonly reason: string;
}

/** A key or secret statement without a carrier, accepted because the spec declares it an interpretation. */
export interface InterpretiveAssumption {
  readonly message: string;
  readonly statement: string;
  readonly why: string;
}

export interface Grounding {
  readonly unsupported: readonly UnsupportedPart[];
  readonly interpretive: readonly InterpretiveAssumption[];
  readonly unjustified: readonly UnjustifiedAssumption[];
  /** The annotations the prover may use: unsupported parts removed, unjustified assumptions dropped. */
  readonly input: BanInput;
}

type Sealed = Extract<Term, { kind: "sign" | "aenc" | "preEnc" | "senc" }>;

/** Where an idealisation's parts are looked for: terms, with the names of all their sub-terms. */
interface Scope {
  readonly terms: readonly Term[];
  readonly names: ReadonlySet<string>;
}

const scopeOf = (terms: readonly Term[]): Scope => ({ terms, names: new Set(terms.flatMap((t) => subterms(t).map(show))) });

/** The BAN key name a sealing term is checked under: signatures by their public key, encryptions by their key. */
function sealKey(t: Sealed): string {
  if (t.kind === "sign") return t.key.kind === "sk" ? `pk_${t.key.scheme}(${t.key.role})` : show(t.key);
  return show(t.key);
}

function sealsIn(scope: Scope, kinds: readonly Sealed["kind"][], key: string): Sealed[] {
  return scope.terms.flatMap((t) => subterms(t)).filter((s): s is Sealed => (kinds as readonly string[]).includes(s.kind) && sealKey(s as Sealed) === key);
}

interface Supported {
  readonly formula: BanFormula | undefined;
  readonly problems: readonly { part: string; reason: string }[];
}

/** Which message is being grounded, and the key or secret statements its spec declares interpretations. */
interface Context {
  readonly label: string;
  readonly declared: ReadonlyMap<string, string>;
  readonly used: InterpretiveAssumption[];
}

/** The part of `f` the terms in `scope` support, and what they do not. */
function support(f: BanFormula, scope: Scope, where: string, ctx: Context): Supported {
  switch (f.op) {
    case "atom":
      return scope.names.has(f.name) ? { formula: f, problems: [] } : { formula: undefined, problems: [{ part: f.name, reason: `${f.name} does not occur ${where}` }] };
    case "and": {
      const parts = f.items.map((x) => support(x, scope, where, ctx));
      const kept = parts.flatMap((p) => (p.formula ? [p.formula] : []));
      const unchanged = parts.every((p, i) => p.formula === f.items[i]);
      const formula = unchanged ? f : kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : { op: "and" as const, items: kept };
      return { formula, problems: parts.flatMap((p) => p.problems) };
    }
    case "signed":
    case "enc": {
      const kinds: Sealed["kind"][] = f.op === "signed" ? ["sign"] : ["senc", "aenc", "preEnc"];
      const what = f.op === "signed" ? `signature with the private key of ${f.k}` : `encryption under ${f.k}`;
      const candidates = sealsIn(scope, kinds, f.k);
      if (candidates.length === 0) return { formula: undefined, problems: [{ part: showBan(f), reason: `no ${what} occurs ${where}` }] };
      // Where several seals use the key, the idealisation is grounded in the one that carries most of it.
      const best = candidates
        // An encryption under K also carries K itself: a statement about K inside it has its carrier.
        .map((c) => support(f.x, scopeOf(c.kind === "sign" ? [c.body] : [c.body, c.key]), `under the ${what}`, ctx))
        .sort((a, b) => a.problems.length - b.problems.length)[0]!;
      return { formula: best.formula ? { ...f, x: best.formula } : undefined, problems: best.problems };
    }
    case "combined": {
      const inner = support(f.x, scope, where, ctx);
      if (!scope.names.has(f.y)) return { formula: undefined, problems: [...inner.problems, { part: showBan(f), reason: `the secret ${f.y} does not occur ${where}` }] };
      return { formula: inner.formula ? { ...f, x: inner.formula } : undefined, problems: inner.problems };
    }
    case "pubKey":
    case "sharedKey":
    case "secret": {
      // A key or secret the signer vouches for must be in what it signed or encrypted, or declared.
      const carried = f.op === "secret" ? f.y : f.k;
      if (scope.names.has(carried)) return { formula: f, problems: [] };
      const why = ctx.declared.get(showBan(f));
      if (why !== undefined) {
        if (!ctx.used.some((u) => u.statement === showBan(f))) ctx.used.push({ message: ctx.label, statement: showBan(f), why });
        return { formula: f, problems: [] };
      }
      return { formula: undefined, problems: [{ part: showBan(f), reason: `${carried} does not occur ${where}, so nothing carries the statement (declare it with p.ban.interpret if it is a reading of the message)` }] };
    }
    default:
      // A statement about beliefs, jurisdiction or freshness: the idealisation's reading of the message.
      return { formula: f, problems: [] };
  }
}

/** Every name a formula mentions: atoms and the keys and secrets of key statements. */
function mentioned(f: BanFormula): string[] {
  switch (f.op) {
    case "atom":
      return [f.name];
    case "sharedKey":
    case "pubKey":
      return [f.k];
    case "secret":
      return [f.y];
    case "enc":
    case "signed":
      return [...mentioned(f.x), f.k];
    case "combined":
      return [...mentioned(f.x), f.y];
    case "and":
      return f.items.flatMap(mentioned);
    default:
      return mentioned(f.x);
  }
}

/** Names whose term contains a value the spec generates fresh. */
function freshNames(spec: ProtocolSpec): Set<string> {
  const fresh = new Set(spec.atoms.filter((a) => a.origin === "fresh").map((a) => a.name));
  const terms = [...spec.messages.map((m) => m.term), ...spec.claims.flatMap((c) => c.data ?? [])];
  const out = new Set<string>(fresh);
  for (const t of terms) for (const s of subterms(t)) if (subterms(s).some((x) => x.kind === "atom" && fresh.has(x.name) && x.origin === "fresh")) out.add(show(s));
  return out;
}

/** Check the spec's BAN annotations against its messages and fresh values. */
export function groundBan(spec: ProtocolSpec): Grounding {
  const unsupported: UnsupportedPart[] = [];
  const interpretive: InterpretiveAssumption[] = [];
  const idealised: BanAnnotations["idealised"][number][] = [];
  for (const i of spec.ban.idealised) {
    const message = spec.messages.find((m) => m.label === i.label);
    if (!message) {
      idealised.push(i);
      continue;
    }
    const declared = new Map((spec.ban.interpretations ?? []).filter((x) => x.label === i.label).map((x) => [showBan(x.statement), x.why]));
    const s = support(i.formula, scopeOf([message.term]), `in message ${i.label}`, { label: i.label, declared, used: interpretive });
    unsupported.push(...s.problems.map((p) => ({ message: i.label, ...p })));
    if (s.formula) idealised.push({ ...i, formula: s.formula });
  }
  const fresh = freshNames(spec);
  const unjustified: UnjustifiedAssumption[] = [];
  const assumptions = spec.ban.assumptions.filter((a) => {
    const f = a.formula;
    if (f.op !== "believes" || f.x.op !== "fresh") return true;
    const named = mentioned(f.x.x);
    if (named.some((n) => fresh.has(n))) return true;
    unjustified.push({ assumption: a.id, formula: showBan(f), reason: `none of ${named.join(", ")} is generated fresh in the spec, so nothing makes it fresh` });
    return false;
  });
  return { unsupported, interpretive, unjustified, input: { name: spec.name, ban: { ...spec.ban, idealised, assumptions } } };
}

/** The same findings as `medexchain check` problems, for the designer who checks the spec after an edit. */
export function groundingProblems(spec: ProtocolSpec): Problem[] {
  const g = groundBan(spec);
  return [
    ...g.unsupported.map((u) => ({ protocol: spec.name, label: u.message, kind: "ban-ungrounded" as const, message: `the BAN idealisation claims ${u.part}, but ${u.reason}; fix the idealisation or the message` })),
    ...g.unjustified.map((u) => ({ protocol: spec.name, kind: "ban-ungrounded" as const, message: `BAN assumption ${u.assumption} (${u.formula}): ${u.reason}` })),
  ];
}
