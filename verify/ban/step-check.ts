// An independent check of every derivation step: each fact is matched against its rule's schema by
// pattern, separately from the code that produced it, so a bug in the forward chainer shows up as a
// step that does not follow rather than as a goal silently "proved".
import type { BanFormula } from "../../protocol/ban.ts";
import type { BanInput, FactBase } from "./prover.ts";
import type { RuleName } from "./rules.ts";
import { canon, components, sameFormula, text } from "./formula.ts";

export interface InvalidStep {
  readonly fact: number;
  readonly formula: string;
  readonly rule: RuleName;
  readonly reason: string;
}

type F = BanFormula;

const isBel = (f: F, p?: string): f is Extract<F, { op: "believes" }> => f.op === "believes" && (p === undefined || f.p === p);
const isSees = (f: F, p?: string): f is Extract<F, { op: "sees" }> => f.op === "sees" && (p === undefined || f.p === p);

/** Whether `conclusion` follows from `premises` by one application of `rule`. */
export function followsBy(rule: RuleName, conclusion: F, premises: readonly F[]): boolean {
  const c = canon(conclusion);
  const ps = premises.map(canon);
  const [p0, p1] = ps;
  switch (rule) {
    case "assumption":
    case "message":
      return ps.length === 0;
    case "message-meaning-shared-key":
    case "message-meaning-public-key":
    case "message-meaning-secret": {
      if (ps.length !== 2 || !isBel(c) || c.x.op !== "said" || !isBel(p0!, c.p) || !isSees(p1!, c.p)) return false;
      const P = c.p, Q = c.x.p, X = c.x.x, key = p0.x, msg = p1.x;
      if (Q === P) return false;
      if (rule === "message-meaning-shared-key")
        return key.op === "sharedKey" && msg.op === "enc" && key.k === msg.k && pair(key, P, Q) && msg.from !== P && sameFormula(msg.x, X);
      if (rule === "message-meaning-public-key") return key.op === "pubKey" && msg.op === "signed" && key.k === msg.k && key.p === Q && sameFormula(msg.x, X);
      return key.op === "secret" && msg.op === "combined" && key.y === msg.y && pair(key, P, Q) && sameFormula(msg.x, X);
    }
    case "nonce-verification":
      return (
        ps.length === 2 && isBel(c) && c.x.op === "believes" && isBel(p0!, c.p) && p0.x.op === "fresh" && isBel(p1!, c.p) && p1.x.op === "said" &&
        p1.x.p === c.x.p && sameFormula(p0.x.x, c.x.x) && sameFormula(p1.x.x, c.x.x)
      );
    case "jurisdiction":
      return (
        ps.length === 2 && isBel(c) && isBel(p0!, c.p) && p0.x.op === "controls" && isBel(p1!, c.p) && p1.x.op === "believes" &&
        p0.x.p === p1.x.p && sameFormula(p0.x.x, c.x) && sameFormula(p1.x.x, c.x)
      );
    case "belief-conjunction":
      return isBel(c) && c.x.op === "and" && ps.length === c.x.items.length && c.x.items.every((x, i) => isBel(ps[i]!, c.p) && sameFormula((ps[i] as Extract<F, { op: "believes" }>).x, x));
    case "belief-projection":
      return ps.length === 1 && isBel(c) && isBel(p0!, c.p) && p0.x.op === "and" && p0.x.items.some((x) => sameFormula(x, c.x));
    case "nested-belief-projection":
    case "said-projection": {
      const op = rule === "said-projection" ? "said" : "believes";
      return (
        ps.length === 1 && isBel(c) && c.x.op === op && isBel(p0!, c.p) && p0.x.op === op && p0.x.p === c.x.p && p0.x.x.op === "and" &&
        p0.x.x.items.some((x) => sameFormula(x, (c.x as Extract<F, { op: "said" | "believes" }>).x))
      );
    }
    case "seeing-tuple":
      return ps.length === 1 && isSees(c) && isSees(p0!, c.p) && p0.x.op === "and" && p0.x.items.some((x) => sameFormula(x, c.x));
    case "seeing-combined":
      return ps.length === 1 && isSees(c) && isSees(p0!, c.p) && p0.x.op === "combined" && sameFormula(p0.x.x, c.x);
    case "seeing-shared-key":
      return ps.length === 2 && isSees(c) && isBel(p0!, c.p) && p0.x.op === "sharedKey" && (p0.x.p === c.p || p0.x.q === c.p) && isSees(p1!, c.p) && p1.x.op === "enc" && p1.x.k === p0.x.k && sameFormula(p1.x.x, c.x);
    case "seeing-public-key":
      return ps.length === 2 && isSees(c) && isBel(p0!, c.p) && p0.x.op === "pubKey" && p0.x.p === c.p && isSees(p1!, c.p) && p1.x.op === "enc" && p1.x.k === p0.x.k && sameFormula(p1.x.x, c.x);
    case "seeing-signature":
      return ps.length === 2 && isSees(c) && isBel(p0!, c.p) && p0.x.op === "pubKey" && isSees(p1!, c.p) && p1.x.op === "signed" && p1.x.k === p0.x.k && sameFormula(p1.x.x, c.x);
    case "freshness-compound":
      return (
        ps.length === 1 && isBel(c) && c.x.op === "fresh" && isBel(p0!, c.p) && p0.x.op === "fresh" &&
        ["and", "enc", "signed", "combined"].includes(c.x.x.op) && components(c.x.x).some((part) => sameFormula(part, (p0.x as Extract<F, { op: "fresh" }>).x))
      );
  }
}

function pair(k: { p: string; q: string }, a: string, b: string): boolean {
  return (k.p === a && k.q === b) || (k.p === b && k.q === a);
}

/** Every fact in the base that does not follow from its premises, or is not the assumption or message it cites. */
export function invalidSteps(input: BanInput, base: FactBase): InvalidStep[] {
  const out: InvalidStep[] = [];
  for (const fact of base.facts) {
    const bad = (reason: string) => out.push({ fact: fact.id, formula: text(fact.formula), rule: fact.rule, reason });
    if (fact.premises.some((id) => id >= fact.id)) bad("a premise was derived after its conclusion");
    if (!followsBy(fact.rule, fact.formula, fact.premises.map((id) => base.byId(id).formula))) bad(`does not follow by ${fact.rule}`);
    if (fact.rule === "assumption") {
      const a = input.ban.assumptions.find((x) => x.id === fact.assumption);
      if (!a || !sameFormula(a.formula, fact.formula)) bad(`is not the spec's assumption ${fact.assumption}`);
    }
    if (fact.rule === "message") {
      const m = input.ban.idealised.find((x) => x.label === fact.message);
      if (!m || !sameFormula({ op: "sees", p: m.to, x: m.formula }, fact.formula)) bad(`is not the receipt of idealised message ${fact.message}`);
    }
  }
  return out;
}
