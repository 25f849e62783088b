// Forward chaining over the idealised message sequence: the initial assumptions are closed under the
// BAN rules, then each idealised message adds "receiver ◁ X" and the closure is taken again, until the
// last message. Every fact records the rule that produced it, its premises and the message whose
// receipt led to it, so a goal's derivation can be read back as a tree.
//
// Termination: every rule but two concludes a formula built from sub-formulas of its premises with at
// most two operators added (P |≡ Q |~ X from P ◁ {X}_K); the two that build larger formulas, belief
// conjunction and freshness of compounds, only build formulas that occur in the spec's annotations.
// The fact base is therefore finite. The depth and fact limits below are a second line of defence.
import type { BanFormula } from "../../protocol/ban.ts";
import type { BanAnnotations } from "../../protocol/language.ts";
import { canon, components, depth, idOf, keyOf, subformulas, text } from "./formula.ts";
import type { RuleName } from "./rules.ts";
import { BanFactLimitError, BanNestingError } from "./errors.ts";

/** The deepest formula the prover accepts in a spec annotation. */
export const MAX_INPUT_DEPTH = 10;
/** The deepest formula it will derive (two operators above the deepest input). */
export const MAX_DEPTH = MAX_INPUT_DEPTH + 2;
/** The most facts it will derive for one protocol before giving up. */
export const MAX_FACTS = 20_000;

/** What the prover reads from a spec: its name and BAN annotations. */
export interface BanInput {
  readonly name: string;
  readonly ban: BanAnnotations;
}

export interface Fact {
  readonly id: number;
  /** The formula, in canonical form. */
  readonly formula: BanFormula;
  readonly key: string;
  readonly rule: RuleName;
  /** Ids of the facts this one was derived from, in the order the rule's schema lists them. */
  readonly premises: readonly number[];
  /** For an initial assumption: its id in the spec. */
  readonly assumption?: string;
  /** The idealised message whose receipt led to this fact (absent for consequences of the assumptions alone). */
  readonly message?: string;
  /** 0 before any message; i after the i-th idealised message. */
  readonly step: number;
}

/** The closed set of facts after the last idealised message. */
export class FactBase {
  readonly facts: Fact[] = [];
  private readonly byKey = new Map<string, Fact>();
  private readonly beliefsOf = new Map<string, Fact[]>();
  private readonly seenBy = new Map<string, Fact[]>();

  constructor(readonly protocol: string) {}

  /** The fact for a formula, if derived. */
  get(f: BanFormula): Fact | undefined {
    return this.byKey.get(keyOf(f));
  }

  /** Whether a formula was derived. */
  has(f: BanFormula): boolean {
    return this.byKey.has(keyOf(f));
  }

  /** The fact with this id. */
  byId(id: number): Fact {
    const f = this.facts[id];
    if (!f) throw new RangeError(`no fact ${id} in ${this.protocol}`);
    return f;
  }

  /** Facts "P |≡ …" for one principal. */
  beliefs(p: string): readonly Fact[] {
    return this.beliefsOf.get(p) ?? [];
  }

  /** Facts "P ◁ …" for one principal. */
  sightings(p: string): readonly Fact[] {
    return this.seenBy.get(p) ?? [];
  }

  /** Principals that hold at least one belief. */
  believers(): string[] {
    return [...this.beliefsOf.keys()];
  }

  /** Add a fact unless already present; returns whether it was new. */
  add(formula: BanFormula, rule: RuleName, premises: readonly Fact[], step: number, message: string | undefined, assumption?: string): boolean {
    const f = canon(formula);
    const key = keyOf(f);
    if (this.byKey.has(key)) return false;
    const d = depth(f);
    if (d > MAX_DEPTH) throw new BanNestingError(this.protocol, `derived fact ${text(f)}`, d, MAX_DEPTH);
    if (this.facts.length >= MAX_FACTS) throw new BanFactLimitError(this.protocol, MAX_FACTS);
    const fact: Fact = {
      id: this.facts.length,
      formula: f,
      key,
      rule,
      premises: premises.map((p) => p.id),
      ...(assumption !== undefined ? { assumption } : {}),
      ...(message !== undefined ? { message } : {}),
      step,
    };
    this.facts.push(fact);
    this.byKey.set(key, fact);
    if (f.op === "believes") push(this.beliefsOf, f.p, fact);
    if (f.op === "sees") push(this.seenBy, f.p, fact);
    return true;
  }
}

function push(m: Map<string, Fact[]>, k: string, v: Fact): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The formulas the annotations mention: the only tuples and compounds conjunction and freshness may build. */
class Universe {
  readonly tuples: BanFormula[] = [];
  private readonly compoundsByPart = new Map<string, BanFormula[]>();

  constructor(formulas: readonly BanFormula[]) {
    const seen = new Set<string>();
    for (const top of formulas)
      for (const s of subformulas(canon(top))) {
        const k = keyOf(s);
        if (seen.has(k)) continue;
        seen.add(k);
        if (s.op === "and") this.tuples.push(s);
        if (s.op === "and" || s.op === "enc" || s.op === "signed" || s.op === "combined")
          for (const c of components(s)) {
            const list = this.compoundsByPart.get(keyOf(c)) ?? [];
            list.push(s);
            this.compoundsByPart.set(keyOf(c), list);
          }
      }
  }

  /** The tuples in the annotations that have this formula as an item. */
  tuplesWith(item: BanFormula): readonly BanFormula[] {
    return (this.compoundsByPart.get(keyOf(item)) ?? []).filter((c) => c.op === "and");
  }

  /** The compounds in the annotations that have this formula as an immediate part. */
  compoundsOf(part: BanFormula): readonly BanFormula[] {
    return this.compoundsByPart.get(keyOf(part)) ?? [];
  }
}

const believes = (p: string, x: BanFormula): BanFormula => ({ op: "believes", p, x });
const sees = (p: string, x: BanFormula): BanFormula => ({ op: "sees", p, x });
const said = (p: string, x: BanFormula): BanFormula => ({ op: "said", p, x });
const fresh = (x: BanFormula): BanFormula => ({ op: "fresh", x });

/** The other principal of a shared key or secret that `p` is party to, or undefined. */
function partner(f: { p: string; q: string }, p: string): string | undefined {
  if (f.p === p) return f.q;
  if (f.q === p) return f.p;
  return undefined;
}

/** Reject annotations nested beyond the prover's bound before doing any work. */
export function checkDepth(input: BanInput): void {
  const all: [string, BanFormula][] = [
    ...input.ban.assumptions.map((a) => [`assumption ${a.id}`, a.formula] as [string, BanFormula]),
    ...input.ban.idealised.map((i) => [`idealised message ${i.label}`, i.formula] as [string, BanFormula]),
    ...input.ban.goals.map((g) => [`goal ${g.id}`, g.formula] as [string, BanFormula]),
  ];
  for (const [where, f] of all) {
    const d = depth(f);
    if (d > MAX_INPUT_DEPTH) throw new BanNestingError(input.name, where, d, MAX_INPUT_DEPTH);
  }
}

/** Close the assumptions under the rules, message by message; returns every derivable fact. */
export function saturate(input: BanInput): FactBase {
  checkDepth(input);
  const base = new FactBase(input.name);
  const universe = new Universe([
    ...input.ban.assumptions.map((a) => a.formula),
    ...input.ban.idealised.map((i) => i.formula),
    ...input.ban.goals.map((g) => g.formula),
  ]);
  const queue: Fact[] = [];
  let step = 0;
  let message: string | undefined;
  const add = (f: BanFormula, rule: RuleName, premises: readonly Fact[], assumption?: string): void => {
    if (base.add(f, rule, premises, step, message, assumption)) queue.push(base.facts[base.facts.length - 1]!);
  };
  for (const a of input.ban.assumptions) add(a.formula, "assumption", [], a.id);
  close(base, universe, queue, add);
  input.ban.idealised.forEach((m, i) => {
    step = i + 1;
    message = m.label;
    add(sees(m.to, m.formula), "message", []);
    close(base, universe, queue, add);
  });
  return base;
}

type Add = (f: BanFormula, rule: RuleName, premises: readonly Fact[]) => void;

/**
 * Work through new facts in the order they were derived: apply every rule in which a new fact is the
 * leading premise, and revisit the facts it can complete as a side premise (a key belief completes
 * the messages already seen under that key, a freshness belief the sayings of that formula, a
 * jurisdiction belief the matching belief). Nothing is derived twice, so the queue empties.
 */
function close(base: FactBase, universe: Universe, queue: Fact[], add: Add): void {
  while (queue.length > 0) {
    const fact = queue.shift()!;
    applyTo(base, universe, fact, add);
    const F = fact.formula;
    if (F.op !== "believes") continue;
    const P = F.p;
    const Y = F.x;
    if (Y.op === "sharedKey" || Y.op === "pubKey" || Y.op === "secret") for (const s of base.sightings(P).slice()) applyTo(base, universe, s, add);
    if (Y.op === "fresh")
      for (const b of base.beliefs(P).slice()) if (b.formula.op === "believes" && b.formula.x.op === "said" && idOf(b.formula.x.x) === idOf(Y.x)) applyTo(base, universe, b, add);
    if (Y.op === "controls") {
      const held = base.get(believes(P, { op: "believes", p: Y.p, x: Y.x }));
      if (held) applyTo(base, universe, held, add);
    }
    for (const t of universe.tuplesWith(Y)) {
      if (t.op !== "and" || base.has(believes(P, t))) continue;
      const parts = t.items.map((x) => base.get(believes(P, x)));
      if (parts.every((x): x is Fact => x !== undefined)) add(believes(P, t), "belief-conjunction", parts);
    }
  }
}

/** The rules in which this fact is the leading premise; side premises are looked up in the base. */
function applyTo(base: FactBase, universe: Universe, fact: Fact, emit: Add): void {
  const F = fact.formula;
  if (F.op === "sees") {
    const P = F.p;
    const X = F.x;
    if (X.op === "and") for (const item of X.items) emit(sees(P, item), "seeing-tuple", [fact]);
    if (X.op === "combined") {
      emit(sees(P, X.x), "seeing-combined", [fact]);
      for (const b of base.beliefs(P)) {
        const k = b.formula.op === "believes" ? b.formula.x : undefined;
        if (k?.op !== "secret" || k.y !== X.y) continue;
        const Q = partner(k, P);
        if (Q !== undefined && Q !== P) emit(believes(P, said(Q, X.x)), "message-meaning-secret", [b, fact]);
      }
    }
    if (X.op === "enc")
      for (const b of base.beliefs(P)) {
        const k = b.formula.op === "believes" ? b.formula.x : undefined;
        if (k?.op === "sharedKey" && k.k === X.k) {
          const Q = partner(k, P);
          if (Q === undefined) continue;
          emit(sees(P, X.x), "seeing-shared-key", [b, fact]);
          // The paper's side condition: a principal recognises, and does not learn from, its own messages.
          if (X.from !== P && Q !== P) emit(believes(P, said(Q, X.x)), "message-meaning-shared-key", [b, fact]);
        }
        if (k?.op === "pubKey" && k.k === X.k && k.p === P) emit(sees(P, X.x), "seeing-public-key", [b, fact]);
      }
    if (X.op === "signed")
      for (const b of base.beliefs(P)) {
        const k = b.formula.op === "believes" ? b.formula.x : undefined;
        if (k?.op !== "pubKey" || k.k !== X.k) continue;
        emit(sees(P, X.x), "seeing-signature", [b, fact]);
        if (k.p !== P) emit(believes(P, said(k.p, X.x)), "message-meaning-public-key", [b, fact]);
      }
  }
  if (F.op === "believes") {
    const P = F.p;
    const Y = F.x;
    if (Y.op === "and") for (const item of Y.items) emit(believes(P, item), "belief-projection", [fact]);
    if (Y.op === "fresh") for (const c of universe.compoundsOf(Y.x)) emit(believes(P, fresh(c)), "freshness-compound", [fact]);
    if (Y.op === "said") {
      const fr = base.get(believes(P, fresh(Y.x)));
      if (fr) emit(believes(P, { op: "believes", p: Y.p, x: Y.x }), "nonce-verification", [fr, fact]);
      if (Y.x.op === "and") for (const item of Y.x.items) emit(believes(P, said(Y.p, item)), "said-projection", [fact]);
    }
    if (Y.op === "believes") {
      const c = base.get(believes(P, { op: "controls", p: Y.p, x: Y.x }));
      if (c) emit(believes(P, Y.x), "jurisdiction", [c, fact]);
      if (Y.x.op === "and") for (const item of Y.x.items) emit(believes(P, { op: "believes", p: Y.p, x: item }), "nested-belief-projection", [fact]);
    }
  }
}
