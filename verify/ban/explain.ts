// Why a goal was not proved: the derived facts closest to it, and the best attempt at a derivation —
// the rule instances that would conclude it, followed back until a premise is neither derived nor
// derivable by any rule. Those premises are what is missing (an assumption, a fresh component, a key).
import type { BanFormula } from "../../protocol/ban.ts";
import type { FactBase } from "./prover.ts";
import { canon, core, depth, keyOf, subformulas, text } from "./formula.ts";
import type { RuleName } from "./rules.ts";

/** One step of an attempted derivation; `have` marks premises the prover did derive. */
export interface AttemptNode {
  readonly formula: string;
  readonly have: boolean;
  readonly rule?: RuleName;
  readonly premises: readonly AttemptNode[];
}

export interface Explanation {
  /** Derived facts of the goal's principal that mention what the goal is about, closest first. */
  readonly nearest: readonly string[];
  /** The premises the best attempt lacks: supply these (by assumption or by protocol change) and the goal follows. */
  readonly missing: readonly string[];
  readonly attempt: AttemptNode;
}

/** How far back the explanation follows a missing premise. */
export const EXPLAIN_DEPTH = 6;
const NEAREST = 6;

const believes = (p: string, x: BanFormula): BanFormula => ({ op: "believes", p, x });
const said = (p: string, x: BanFormula): BanFormula => ({ op: "said", p, x });
const fresh = (x: BanFormula): BanFormula => ({ op: "fresh", x });

interface Candidate {
  readonly rule: RuleName;
  readonly premises: readonly BanFormula[];
}

/** Explain an unproved goal against the saturated fact base. */
export function explain(base: FactBase, goal: BanFormula): Explanation {
  const g = canon(goal);
  const principals = principalsOf(base);
  const attempt = attemptFor(base, g, principals, EXPLAIN_DEPTH, new Set());
  return { nearest: nearest(base, g), missing: [...new Set(missingLeaves(attempt))], attempt };
}

function principalsOf(base: FactBase): string[] {
  const out = new Set<string>();
  for (const f of base.facts)
    for (const s of subformulas(f.formula)) {
      if ("p" in s) out.add(s.p);
      if ("q" in s) out.add(s.q);
    }
  return [...out].sort();
}

interface Scored {
  readonly node: AttemptNode;
  readonly cost: number;
}

function attemptFor(base: FactBase, f: BanFormula, principals: readonly string[], budget: number, visiting: Set<string>): AttemptNode {
  return scored(base, f, principals, budget, visiting).node;
}

function scored(base: FactBase, f: BanFormula, principals: readonly string[], budget: number, visiting: Set<string>): Scored {
  const formula = text(f);
  if (base.has(f)) return { node: { formula, have: true, premises: [] }, cost: 0 };
  const key = keyOf(f);
  const leaf: Scored = { node: { formula, have: false, premises: [] }, cost: 1 };
  if (budget === 0 || visiting.has(key)) return leaf;
  visiting.add(key);
  let best: Scored | undefined;
  for (const c of candidates(base, f, principals)) {
    const subs = c.premises.map((p) => scored(base, p, principals, budget - 1, visiting));
    const cost = subs.reduce((n, s) => n + s.cost, 0);
    // A candidate whose premises all hold would have fired; it can only be one outside the annotations' tuples.
    if (cost === 0) continue;
    if (!best || cost < best.cost) best = { node: { formula, have: false, rule: c.rule, premises: subs.map((s) => s.node) }, cost };
  }
  visiting.delete(key);
  return best ?? leaf;
}

/** The rule instances whose conclusion is f, with premises instantiated from what the prover derived. */
function candidates(base: FactBase, f: BanFormula, principals: readonly string[]): Candidate[] {
  if (f.op !== "believes") return [];
  const P = f.p;
  const Y = f.x;
  const out: Candidate[] = [];
  const saidBy = (Q: string, X: BanFormula): boolean => base.has(believes(P, said(Q, X))) || tuplesSaid(base, P, Q, X).length > 0;
  for (const Q of principals) {
    if (Q === P) continue;
    if (base.has(believes(P, { op: "controls", p: Q, x: Y })) || saidBy(Q, Y))
      out.push({ rule: "jurisdiction", premises: [believes(P, { op: "controls", p: Q, x: Y }), believes(P, { op: "believes", p: Q, x: Y })] });
  }
  if (Y.op === "believes") {
    // The whole statement Q made first: "nothing in what Q said is fresh to P" is the finding an
    // analyst wants, rather than one of its parts picked arbitrarily.
    const tuples = [...tuplesSaid(base, P, Y.p, Y.x), ...containers(base, P, Y.p, Y.x).flatMap((c) => (c.x.op === "and" ? [c.x] : []))];
    const seenTuples = new Set<string>();
    for (const t of tuples) {
      if (seenTuples.has(keyOf(t))) continue;
      seenTuples.add(keyOf(t));
      out.push({ rule: "nonce-verification", premises: [believes(P, fresh(t)), believes(P, said(Y.p, t))] });
    }
    out.push({ rule: "nonce-verification", premises: [believes(P, fresh(Y.x)), believes(P, said(Y.p, Y.x))] });
  }
  if (Y.op === "said") {
    for (const c of containers(base, P, Y.p, Y.x)) {
      const key =
        c.op === "enc"
          ? ({ op: "sharedKey", p: P, q: Y.p, k: c.k } as const)
          : c.op === "signed"
            ? ({ op: "pubKey", p: Y.p, k: c.k } as const)
            : ({ op: "secret", p: P, q: Y.p, y: c.y } as const);
      const rule: RuleName = c.op === "enc" ? "message-meaning-shared-key" : c.op === "signed" ? "message-meaning-public-key" : "message-meaning-secret";
      out.push({ rule, premises: [believes(P, key), { op: "sees", p: P, x: c }] });
    }
  }
  // Freshness of a compound is not traced into its parts: a part the prover could show fresh would
  // already have made the compound fresh, so the compound itself is what is missing.
  if (Y.op === "and") out.push({ rule: "belief-conjunction", premises: Y.items.map((x) => believes(P, x)) });
  return out;
}

type Container = Extract<BanFormula, { op: "enc" | "signed" | "combined" }>;

/**
 * Protected messages P sees that carry X and could be from Q: signed or combined messages whose key or
 * secret P does not attribute to someone else, and ciphertexts the idealisation marks as from Q.
 */
function containers(base: FactBase, P: string, Q: string, X: BanFormula): Container[] {
  const out: Container[] = [];
  for (const s of base.sightings(P)) {
    const c = s.formula.op === "sees" ? s.formula.x : undefined;
    if (!c || !(c.op === "enc" || c.op === "signed" || c.op === "combined") || !carries(c.x, X)) continue;
    // Under a shared key, only the idealisation's "from Q" ties a ciphertext to Q; without it, a
    // ciphertext under a key P knows nothing about would only suggest P share that key with anyone.
    if (c.op === "enc" && c.from !== Q) continue;
    if (attributedElsewhere(base, P, Q, c)) continue;
    out.push(c);
  }
  return out;
}

function attributedElsewhere(base: FactBase, P: string, Q: string, c: Container): boolean {
  return base.beliefs(P).some((b) => {
    const k = b.formula.op === "believes" ? b.formula.x : undefined;
    if (c.op === "enc" && k?.op === "sharedKey" && k.k === c.k) return (k.p === P ? k.q : k.p) !== Q;
    if (c.op === "enc" && k?.op === "pubKey" && k.k === c.k) return true;
    if (c.op === "signed" && k?.op === "pubKey" && k.k === c.k) return k.p !== Q;
    if (c.op === "combined" && k?.op === "secret" && k.y === c.y) return (k.p === P ? k.q : k.p) !== Q;
    return false;
  });
}

/** Whether a message body is X or a tuple with X among its items. */
function carries(body: BanFormula, x: BanFormula): boolean {
  const k = keyOf(x);
  return keyOf(body) === k || (body.op === "and" && body.items.some((i) => keyOf(i) === k));
}

/** Tuples with X among their items that P believes Q said. */
function tuplesSaid(base: FactBase, P: string, Q: string, X: BanFormula): BanFormula[] {
  const k = keyOf(X);
  const out: BanFormula[] = [];
  for (const b of base.beliefs(P)) {
    const s = b.formula.op === "believes" ? b.formula.x : undefined;
    if (s?.op === "said" && s.p === Q && s.x.op === "and" && s.x.items.some((i) => keyOf(i) === k)) out.push(s.x);
  }
  return out;
}

function missingLeaves(n: AttemptNode): string[] {
  if (n.have) return [];
  if (n.premises.length === 0) return [n.formula];
  return n.premises.flatMap(missingLeaves);
}

/** Facts of the goal's principal that mention the goal's core proposition: same kind and depth as the goal first. */
function nearest(base: FactBase, goal: BanFormula): string[] {
  const about = keyOf(core(goal));
  const who = goal.op === "believes" || goal.op === "sees" ? goal.p : undefined;
  const target = depth(goal);
  return base.facts
    .filter((f) => (who === undefined || ((f.formula.op === "believes" || f.formula.op === "sees") && f.formula.p === who)) && subformulas(f.formula).some((s) => keyOf(s) === about))
    .map((f) => ({ f, d: Math.abs(depth(f.formula) - target) + (f.formula.op === goal.op ? 0 : 1) }))
    .sort((a, b) => a.d - b.d || a.f.id - b.f.id)
    .slice(0, NEAREST)
    .map(({ f }) => text(f.formula));
}
