// Variable-base scalar multiplication in G1 and G2 through their efficient endomorphisms
// (Gallant–Lambert–Vanstone / Galbraith–Lin–Scott). On G1, φ(x, y) = (β·x, y) acts as [λ] with
// λ = z² − 1 (≈ 2^128); on G2, ψ acts as [z] (≈ 2^64). Splitting the scalar along these
// eigenvalues halves (G1) or quarters (G2) the doubling chain. The joint loop adds one table entry
// per step, the identity included, so its sequence of group operations does not depend on the scalar.
import { psiFrobenius } from "@noble/curves/abstract/tower.js";
import { BLS_Z, Fp, Fp2Field, G1, G2, R_ORDER, type G1Point, type G2Point } from "./bls12.ts";

interface GroupPoint<P> {
  add(other: P): P;
  double(): P;
}

/** Σ [digits_i]·bases_i by a joint fixed-window walk of `windowBits` bits per base over `bits` bits. */
function jointMul<P extends GroupPoint<P>>(zero: P, bases: P[], digits: bigint[], bits: number, windowBits: number): P {
  const n = bases.length;
  const span = 1 << windowBits;
  // table[Σ d_i·span^i] = Σ [d_i]·bases_i for window digits d_i < span
  const size = span ** n;
  const table: P[] = new Array(size);
  table[0] = zero;
  for (let idx = 1; idx < size; idx++) {
    let i = 0;
    while (Math.floor(idx / span ** i) % span === 0) i++;
    table[idx] = table[idx - span ** i]!.add(bases[i]!);
  }
  const steps = Math.ceil(bits / windowBits);
  const mask = BigInt(span - 1);
  let acc = zero;
  for (let s = steps - 1; s >= 0; s--) {
    for (let d = 0; d < windowBits; d++) acc = acc.double();
    const shift = BigInt(s * windowBits);
    let idx = 0;
    for (let i = n - 1; i >= 0; i--) idx = idx * span + Number((digits[i]! >> shift) & mask);
    acc = acc.add(table[idx]!);
  }
  return acc;
}

function reduce(k: bigint): bigint {
  return ((k % R_ORDER) + R_ORDER) % R_ORDER;
}

const LAMBDA = BLS_Z * BLS_Z - 1n; // eigenvalue of φ on G1, λ² + λ + 1 ≡ 0 (mod r)
// β² (not β) is the cube root of unity for which φ matches λ = z² − 1 rather than its conjugate.
const BETA = Fp.sqr(0x5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffen);

/** φ(P) = (β·x, y) on G1, equal to [z² − 1]P on the subgroup. */
export function g1Phi(p: G1Point): G1Point {
  return new G1(Fp.mul(p.X, BETA), p.Y, p.Z);
}

/** [k]P for P ∈ G1 and any integer k (reduced mod r): k = k1 + k2·λ with k1, k2 < 2^128. */
export function g1Mul(p: G1Point, k: bigint): G1Point {
  const e = reduce(k);
  return jointMul(G1.ZERO, [p, g1Phi(p)], [e % LAMBDA, e / LAMBDA], 128, 2);
}

const U = -BLS_Z;
const psi = psiFrobenius(Fp, Fp2Field, Fp2Field.div(Fp2Field.ONE, Fp2Field.NONRESIDUE));

/** ψ(P): the untwist-Frobenius-twist endomorphism of G2 (equals [z]P on the subgroup). */
export function g2Psi(p: G2Point): G2Point {
  return psi.G2psi(G2, p);
}

/** [k]P for P ∈ G2 and any integer k (reduced mod r): k = Σ d_i·u^i, u = |z|, d_i < 2^64. */
export function g2Mul(p: G2Point, k: bigint): G2Point {
  let e = reduce(k);
  const digits: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    digits.push(e % U);
    e /= U;
  }
  const p1 = g2Psi(p);
  const p2 = g2Psi(p1);
  const p3 = g2Psi(p2);
  // [u]P = −ψ(P) because z < 0; likewise for the odd powers.
  return jointMul(G2.ZERO, [p, p1.negate(), p2, p3.negate()], digits, 64, 1);
}
