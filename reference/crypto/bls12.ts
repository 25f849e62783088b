// The pairing group BLS12-381 as noble exposes it, under the names the scheme uses:
// G1, G2 (prime order r), GT ⊂ Fp12* (order r), the generators g1, g2 and Z = e(g1, g2).
import { bls12_381 } from "@noble/curves/bls12-381.js";
import type { Fp12, Fp2 } from "@noble/curves/abstract/tower.js";
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";

/** A point of G1 (projective, as noble represents it). */
export type G1Point = WeierstrassPoint<bigint>;
/** A point of G2 (projective, over Fp2). */
export type G2Point = WeierstrassPoint<Fp2>;
/** An element of GT, the order-r subgroup of Fp12* (the pairing's target). */
export type Gt = Fp12;
export type { Fp12, Fp2 };

export const curve = bls12_381;
export const Fp = bls12_381.fields.Fp;
export const Fp2Field = bls12_381.fields.Fp2;
export const Fp6Field = bls12_381.fields.Fp6;
export const Fp12Field = bls12_381.fields.Fp12;
export const G1 = bls12_381.G1.Point;
export const G2 = bls12_381.G2.Point;

/** The prime order r of G1, G2 and GT. */
export const R_ORDER: bigint = bls12_381.fields.Fr.ORDER;
/** The base-field prime p. */
export const P_MODULUS: bigint = Fp.ORDER;
/** The BLS parameter z (negative for BLS12-381): p ≡ z (mod r), and Frobenius acts on GT and G2 as [z]. */
export const BLS_Z = -0xd201000000010000n;

/** Generator g1 of G1. */
export const g1: G1Point = G1.BASE;
/** Generator g2 of G2. */
export const g2: G2Point = G2.BASE;

/** Optimal-ate pairing e: G1 × G2 → GT (with final exponentiation). */
export function pairing(p: G1Point, q: G2Point): Gt {
  return bls12_381.pairing(p, q);
}

let zCache: Gt | undefined;
/** Z = e(g1, g2), the public generator of GT, computed once. */
export function gtGenerator(): Gt {
  zCache ??= pairing(g1, g2);
  return zCache;
}
