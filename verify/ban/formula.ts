// Structural operations on BAN formulas: a canonical form (so that A ↔K B and B ↔K A are one fact),
// a key for sets and maps, nesting depth and sub-formulas. The prover reasons only over these.
import type { BanFormula } from "../../protocol/ban.ts";
import { showBan } from "../../protocol/ban.ts";

/** The canonical form: shared keys and secrets with their two principals sorted, one-item tuples unwrapped. */
export function canon(f: BanFormula): BanFormula {
  switch (f.op) {
    case "atom":
    case "pubKey":
      return f;
    case "sharedKey": {
      const [p, q] = sorted(f.p, f.q);
      return { op: "sharedKey", p, q, k: f.k };
    }
    case "secret": {
      const [p, q] = sorted(f.p, f.q);
      return { op: "secret", p, q, y: f.y };
    }
    case "believes":
    case "sees":
    case "said":
    case "controls":
      return { op: f.op, p: f.p, x: canon(f.x) };
    case "fresh":
      return { op: "fresh", x: canon(f.x) };
    case "enc":
      return f.from === undefined ? { op: "enc", x: canon(f.x), k: f.k } : { op: "enc", x: canon(f.x), k: f.k, from: f.from };
    case "signed":
      return { op: "signed", x: canon(f.x), k: f.k };
    case "combined":
      return { op: "combined", x: canon(f.x), y: f.y };
    case "and":
      return f.items.length === 1 ? canon(f.items[0]!) : { op: "and", items: f.items.map(canon) };
  }
}

function sorted(a: string, b: string): [string, string] {
  return a <= b ? [a, b] : [b, a];
}

/** A string that is equal for two formulas exactly when their canonical forms are equal. */
export function keyOf(f: BanFormula): string {
  return JSON.stringify(canon(f));
}

/** Whether two formulas are the same up to the symmetry of shared keys and secrets. */
export function sameFormula(a: BanFormula, b: BanFormula): boolean {
  return keyOf(a) === keyOf(b);
}

/** The immediate sub-formulas (the parts a rule can take apart or a freshness rule can build on). */
export function components(f: BanFormula): BanFormula[] {
  switch (f.op) {
    case "atom":
    case "sharedKey":
    case "pubKey":
    case "secret":
      return [];
    case "believes":
    case "sees":
    case "said":
    case "controls":
    case "fresh":
    case "enc":
    case "signed":
      return [f.x];
    case "combined":
      // The secret Y is part of what is sent, so a fresh Y makes ⟨X⟩_Y fresh.
      return [f.x, { op: "atom", name: f.y }];
    case "and":
      return [...f.items];
  }
}

/** Nesting depth: 1 for an atom or a key/secret statement, one more for each operator around it. */
export function depth(f: BanFormula): number {
  const parts = components(f);
  return 1 + (parts.length === 0 ? 0 : Math.max(...parts.map(depth)));
}

/** Every sub-formula, the formula itself first. */
export function subformulas(f: BanFormula): BanFormula[] {
  const out: BanFormula[] = [f];
  for (const c of components(f)) out.push(...subformulas(c));
  return out;
}

/** The proposition a goal is about: the formula under its outermost beliefs, sayings and freshness. */
export function core(f: BanFormula): BanFormula {
  switch (f.op) {
    case "believes":
    case "said":
    case "controls":
    case "sees":
    case "fresh":
      return core(f.x);
    default:
      return f;
  }
}

/** The standard notation, on the canonical form. */
export function text(f: BanFormula): string {
  return showBan(canon(f));
}
