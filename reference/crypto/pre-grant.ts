// The record-bound grant (issue 15): a re-encryption key that opens exactly one anchored ciphertext
// for exactly one delegatee. The pre-fix AFGH re-key g2^(a1·b2) depends only on the two parties, so a
// delegatee unwraps it to g2^a1 with its own b2 and opens every record of the owner; this one depends
// on the ciphertext's own mask and on fresh randomness.
//
//   ciphertext  C = (c1 = g1^r, c2 = m·Z^(a1·r))                 (second level, made by the device)
//   grant       ρ ← Z_r*,  κ = e(c1, g2)^a1 = Z^(a1·r)           (the owner's capability for C only)
//               d = κ·Z^(−ρ) ∈ GT,  u = (g2^b2)^ρ ∈ G2
//   re-encrypt  C_B = (e(g1, u), c2 / d) = (Z^(b2·ρ), m·Z^ρ)     (AFGH first level for B, randomness ρ)
//   decrypt     m = c2' / c1'^(1/b2)                              (preDecrypt1, unchanged)
//
// Re-encryption is deterministic in (grant, C), so every committee member recomputes and compares it.
// Applied to another ciphertext C' = (g1^r', m'·Z^(a1·r')) the grant yields m'·Z^(a1·(r'−r)), which is
// not m' (r' ≠ r); u^(1/b2) = g2^ρ carries nothing about a1. Security argument: docs/crypto.md §4.
import type { G2Point, Gt } from "./bls12.ts";
import { g1, g2 } from "./bls12.ts";
import { g1Mul } from "./endomorphism-mul.ts";
import { gtDiv, gtInv, gtMul } from "./gt.ts";
import { randomScalar } from "./scalar.ts";
import { systemRng, type Rng } from "./rng.ts";
import { pairingBackend } from "./backend.ts";
import { PointEncodingError } from "./errors.ts";
import { decodeDelegateeKey } from "./pre-encoding.ts";
import { zFixedBase, type FirstLevelCiphertext, type PreSecretKey, type SecondLevelCiphertext } from "./pre.ts";

/** A record-bound re-encryption key rk_R = (d, u) for one ciphertext and one delegatee. */
export interface RecordGrant {
  /** d = Z^(a1·r) · Z^(−ρ) ∈ GT: the ciphertext's mask, blinded by the delegatee's share. */
  d: Gt;
  /** u = (g2^b2)^ρ ∈ G2: the blinding, recoverable as Z^ρ only with b2. */
  u: G2Point;
}

/**
 * κ = e(c1, g2)^a1 = Z^(a1·r): the owner's decryption capability for this ciphertext alone (one
 * pairing after a G1 multiplication). Whoever learns κ learns m = c2 / κ of this record only.
 */
export function preRecordCapability(skOwner: PreSecretKey, ct: SecondLevelCiphertext): Gt {
  return pairingBackend().pairing(g1Mul(ct.c1, skOwner.a1), g2);
}

/**
 * The grant for ciphertext ct to the delegatee whose G2 key is g2^b2 (a point, or its encoded key
 * as certified on the delegatee's chain: 384-byte public key or 96-byte G2 part, strictly decoded).
 * Consumes one scalar ρ of randomness.
 */
export function preGrantKey(skOwner: PreSecretKey, ct: SecondLevelCiphertext, delegatee: G2Point | Uint8Array, rng: Rng = systemRng): RecordGrant {
  const delegateeG2 = delegatee instanceof Uint8Array ? decodeDelegateeKey(delegatee) : delegatee;
  if (delegateeG2.is0()) throw new PointEncodingError("delegatee key", "the point at infinity cannot be a delegation target");
  const rho = randomScalar(rng);
  const kappa = preRecordCapability(skOwner, ct);
  return { d: gtMul(kappa, gtInv(zFixedBase().pow(rho))), u: pairingBackend().g2Mul(delegateeG2, rho) };
}

/**
 * Re-encryption under a record-bound grant: (e(g1, u), c2 / d), one pairing. Deterministic, so a
 * committee member checks a claimed result by recomputing it. The result decrypts to the record's m
 * only if ct is the ciphertext the grant was made for.
 */
export function preReEncryptRecord(grant: RecordGrant, ct: SecondLevelCiphertext): FirstLevelCiphertext {
  return { level: 1, c1: pairingBackend().pairing(g1, grant.u), c2: gtDiv(ct.c2, grant.d) };
}
