// Canonical encodings of PRE keys, re-keys and ciphertexts: fixed-length concatenations of the
// component encodings (scalars 32 B, G1 48 B, G2 96 B, GT 288 B). Decoders check the total length
// first, then every component with its own strict decoder.
import { concatBytes } from "@noble/hashes/utils.js";
import { decodeG1, decodeG2, encodeG1, encodeG2, G1_BYTES, G2_BYTES } from "./points.ts";
import { decodeGt, encodeGt, GT_BYTES } from "./gt-encoding.ts";
import { decodeScalar, encodeScalar, SCALAR_BYTES } from "./scalar.ts";
import { LengthError } from "./errors.ts";
import type { G2Point } from "./bls12.ts";
import type { FirstLevelCiphertext, PrePublicKey, PreSecretKey, ReKey, SecondLevelCiphertext } from "./pre.ts";
import type { RecordGrant } from "./pre-grant.ts";

/** Bytes of an encoded PRE secret key: a1 ‖ a2. */
export const PRE_SECRET_KEY_BYTES = 2 * SCALAR_BYTES; // 64
/** Bytes of an encoded PRE public key: Z^a1 ‖ g2^a2. */
export const PRE_PUBLIC_KEY_BYTES = GT_BYTES + G2_BYTES; // 384
/** Bytes of an encoded second-level ciphertext: c1 ∈ G1 ‖ c2 ∈ GT. */
export const SECOND_LEVEL_CIPHERTEXT_BYTES = G1_BYTES + GT_BYTES; // 336
/** Bytes of an encoded first-level ciphertext: c1 ∈ GT ‖ c2 ∈ GT. */
export const FIRST_LEVEL_CIPHERTEXT_BYTES = 2 * GT_BYTES; // 576
/** Bytes of an encoded re-encryption key (one G2 point). */
export const REKEY_BYTES = G2_BYTES; // 96
/** Bytes of an encoded record-bound grant: d ∈ GT ‖ u ∈ G2. */
export const RECORD_GRANT_BYTES = GT_BYTES + G2_BYTES; // 384

function expectLength(bytes: Uint8Array, n: number, what: string): void {
  if (!(bytes instanceof Uint8Array)) throw new LengthError(what, n, -1);
  if (bytes.length !== n) throw new LengthError(what, n, bytes.length);
}

/** a1 ‖ a2, 64 bytes. */
export function encodePreSecretKey(sk: PreSecretKey): Uint8Array {
  return concatBytes(encodeScalar(sk.a1), encodeScalar(sk.a2));
}

/** Inverse of encodePreSecretKey; rejects zero or non-reduced scalars. */
export function decodePreSecretKey(bytes: Uint8Array): PreSecretKey {
  expectLength(bytes, PRE_SECRET_KEY_BYTES, "PreSecretKey");
  return {
    a1: decodeScalar(bytes.subarray(0, SCALAR_BYTES), "PreSecretKey.a1"),
    a2: decodeScalar(bytes.subarray(SCALAR_BYTES), "PreSecretKey.a2"),
  };
}

/** Z^a1 ‖ g2^a2, 384 bytes. */
export function encodePrePublicKey(pk: PrePublicKey): Uint8Array {
  return concatBytes(encodeGt(pk.z1), encodeG2(pk.g2a2));
}

/** Inverse of encodePrePublicKey; both components must be non-identity group elements. */
export function decodePrePublicKey(bytes: Uint8Array): PrePublicKey {
  expectLength(bytes, PRE_PUBLIC_KEY_BYTES, "PrePublicKey");
  return {
    z1: decodeGt(bytes.subarray(0, GT_BYTES), "PrePublicKey.z1"),
    g2a2: decodeG2(bytes.subarray(GT_BYTES), "PrePublicKey.g2a2"),
  };
}

/**
 * The delegation target g2^b2 out of a delegatee's encoded key: accepts the full 384-byte public
 * key (validated in full) or its 96-byte G2 component alone, as another chain may certify either.
 */
export function decodeDelegateeKey(bytes: Uint8Array): G2Point {
  if (bytes instanceof Uint8Array && bytes.length === G2_BYTES) return decodeG2(bytes, "delegatee G2 key");
  return decodePrePublicKey(bytes).g2a2;
}

/** c1 ‖ c2, 336 bytes. */
export function encodeSecondLevelCiphertext(ct: SecondLevelCiphertext): Uint8Array {
  return concatBytes(encodeG1(ct.c1), encodeGt(ct.c2));
}

/** Inverse of encodeSecondLevelCiphertext; c1 ≠ identity (r ≠ 0), c2 may be 1 (it is uniform). */
export function decodeSecondLevelCiphertext(bytes: Uint8Array): SecondLevelCiphertext {
  expectLength(bytes, SECOND_LEVEL_CIPHERTEXT_BYTES, "SecondLevelCiphertext");
  return {
    level: 2,
    c1: decodeG1(bytes.subarray(0, G1_BYTES), "SecondLevelCiphertext.c1"),
    c2: decodeGt(bytes.subarray(G1_BYTES), "SecondLevelCiphertext.c2", { allowIdentity: true }),
  };
}

/** c1 ‖ c2, 576 bytes. */
export function encodeFirstLevelCiphertext(ct: FirstLevelCiphertext): Uint8Array {
  return concatBytes(encodeGt(ct.c1), encodeGt(ct.c2));
}

/** Inverse of encodeFirstLevelCiphertext; c1 ≠ 1 (its exponent a1·b2·r is non-zero). */
export function decodeFirstLevelCiphertext(bytes: Uint8Array): FirstLevelCiphertext {
  expectLength(bytes, FIRST_LEVEL_CIPHERTEXT_BYTES, "FirstLevelCiphertext");
  return {
    level: 1,
    c1: decodeGt(bytes.subarray(0, GT_BYTES), "FirstLevelCiphertext.c1"),
    c2: decodeGt(bytes.subarray(GT_BYTES), "FirstLevelCiphertext.c2", { allowIdentity: true }),
  };
}

/** The re-key's G2 point, 96 bytes. */
export function encodeReKey(rk: ReKey): Uint8Array {
  return encodeG2(rk.rk);
}

/** Inverse of encodeReKey. */
export function decodeReKey(bytes: Uint8Array): ReKey {
  expectLength(bytes, REKEY_BYTES, "ReKey");
  return { rk: decodeG2(bytes, "ReKey") };
}

/** d ‖ u, 384 bytes. */
export function encodeRecordGrant(grant: RecordGrant): Uint8Array {
  return concatBytes(encodeGt(grant.d), encodeG2(grant.u));
}

/** Inverse of encodeRecordGrant; d may be 1 (it is uniform), u ≠ identity (ρ ≠ 0, b2 ≠ 0). */
export function decodeRecordGrant(bytes: Uint8Array): RecordGrant {
  expectLength(bytes, RECORD_GRANT_BYTES, "RecordGrant");
  return {
    d: decodeGt(bytes.subarray(0, GT_BYTES), "RecordGrant.d", { allowIdentity: true }),
    u: decodeG2(bytes.subarray(GT_BYTES), "RecordGrant.u"),
  };
}
