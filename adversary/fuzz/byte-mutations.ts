// Malformed inputs for the fuzzer: valid encodings with one to three mutations applied (a flipped
// bit, an overwritten byte, a truncation, an extension, an insertion, a deletion, a splice of random
// bytes), and wholly random bytes. Mutations are data, so fast-check shrinks and prints them.
import fc from "fast-check";
import { equalBytes } from "@noble/curves/utils.js";

/** One mutation; positions are reduced modulo the input's length so they apply to any input. */
export type Mutation =
  | { op: "flip"; at: number; bit: number }
  | { op: "set"; at: number; value: number }
  | { op: "truncate"; at: number }
  | { op: "extend"; bytes: Uint8Array }
  | { op: "insert"; at: number; bytes: Uint8Array }
  | { op: "delete"; at: number; count: number }
  | { op: "splice"; at: number; bytes: Uint8Array };

// Positions are drawn uniformly and reduced modulo the input's length (+1), so every offset is as likely.
const frac = fc.nat();
const chunk = fc.uint8Array({ minLength: 1, maxLength: 40 });

/** Any one mutation. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("flip" as const), at: frac, bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("set" as const), at: frac, value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const), at: frac }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("extend" as const), bytes: chunk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("insert" as const), at: frac, bytes: chunk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), at: frac, count: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("splice" as const), at: frac, bytes: chunk }) },
);

/** Apply one mutation (returns a new array). */
export function applyMutation(b: Uint8Array, m: Mutation): Uint8Array {
  // A position in [0, length] (an index for flip/set is taken modulo the length).
  const at = (x: number) => x % (b.length + 1);
  switch (m.op) {
    case "flip": {
      if (b.length === 0) return Uint8Array.of(1 << m.bit);
      const c = b.slice();
      c[at(m.at) % b.length]! ^= 1 << m.bit;
      return c;
    }
    case "set": {
      if (b.length === 0) return Uint8Array.of(m.value);
      const c = b.slice();
      c[at(m.at) % b.length] = m.value;
      return c;
    }
    case "truncate":
      return b.slice(0, at(m.at));
    case "extend":
      return concat(b, m.bytes);
    case "insert": {
      const i = at(m.at);
      return concat(b.slice(0, i), m.bytes, b.slice(i));
    }
    case "delete": {
      const i = at(m.at);
      return concat(b.slice(0, i), b.slice(i + m.count));
    }
    case "splice": {
      const i = at(m.at);
      const c = b.slice();
      c.set(m.bytes.slice(0, Math.max(0, c.length - i)), i);
      return c;
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A mutated input: which seed, which mutations, and the resulting bytes. */
export interface Mutated {
  seed: number;
  mutations: Mutation[];
  bytes: Uint8Array;
}

/** Seeds (valid encodings) with one to three mutations, never equal to the seed they came from. */
export function mutatedFrom(seeds: readonly Uint8Array[]): fc.Arbitrary<Mutated> {
  return fc
    .record({ seed: fc.integer({ min: 0, max: seeds.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) })
    .map(({ seed, mutations }) => ({ seed, mutations, bytes: mutations.reduce(applyMutation, seeds[seed]!) }))
    .filter((m) => !equalBytes(m.bytes, seeds[m.seed]!));
}

/** Malformed inputs for a decoder: mostly mutated seeds, some wholly random bytes. */
export function malformed(seeds: readonly Uint8Array[], maxRandom = 1024): fc.Arbitrary<Uint8Array> {
  return fc.oneof({ weight: 4, arbitrary: mutatedFrom(seeds).map((m) => m.bytes) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: maxRandom }) });
}
