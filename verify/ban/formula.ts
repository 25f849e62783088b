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

// Hash-consing: every formula gets a small integer id, equal exactly when the canonical forms are
// equal. Ids of sub-formulas are cached on the (immutable) formula objects, so the prover's many
// lookups cost a few map operations instead of serialising whole formulas.
const idsBySignature = new Map<string, number>();
const idCache = new WeakMap<BanFormula, number>();
const name = (s: string) => JSON.stringify(s);

/** A number that is equal for two formulas exactly when their canonical forms are equal. */
export function idOf(f: BanFormula): number {
  const cached = idCache.get(f);
  if (cached !== undefined) return cached;
  let sig: string;
  switch (f.op) {
    case "atom":
      sig = `a${name(f.name)}`;
      break;
    case "believes":
    case "sees":
    case "said":
    case "controls":
      sig = `${f.op}${name(f.p)}:${idOf(f.x)}`;
      break;
    case "fresh":
      sig = `fresh:${idOf(f.x)}`;
      break;
    case "sharedKey":
    case "secret": {
      const [p, q] = sorted(f.p, f.q);
      sig = `${f.op}${name(p)}${name(q)}${name(f.op === "sharedKey" ? f.k : f.y)}`;
      break;
    }
    case "pubKey":
      sig = `pubKey${name(f.p)}${name(f.k)}`;
      break;
    case "enc":
      sig = `enc:${idOf(f.x)}${name(f.k)}${f.from === undefined ? "" : name(f.from)}`;
      break;
    case "signed":
      sig = `signed:${idOf(f.x)}${name(f.k)}`;
      break;
    case "combined":
      sig = `combined:${idOf(f.x)}${name(f.y)}`;
      break;
    case "and":
      sig = f.items.length === 1 ? `=${idOf(f.items[0]!)}` : `and:${f.items.map(idOf).join(",")}`;
      break;
  }
  // A one-item tuple is its item.
  const id = sig.startsWith("=") ? Number(sig.slice(1)) : (idsBySignature.get(sig) ?? idsBySignature.size);
  if (!sig.startsWith("=")) idsBySignature.set(sig, id);
  idCache.set(f, id);
  return id;
}

/** A string that is equal for two formulas exactly when their canonical forms are equal. */
export function keyOf(f: BanFormula): string {
  return String(idOf(f));
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
