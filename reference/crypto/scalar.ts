// Scalars of Z_r: sampling with injectable randomness and the canonical 32-byte encoding.
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { R_ORDER } from "./bls12.ts";
import { LengthError, ScalarEncodingError } from "./errors.ts";
import { systemRng, type Rng } from "./rng.ts";

/** Bytes of a canonical scalar encoding. */
export const SCALAR_BYTES = 32;

/** A uniformly random scalar in [1, r-1]: 64 random bytes reduced, so the bias is below 2^-256. */
export function randomScalar(rng: Rng = systemRng): bigint {
  // Reducing 512 bits modulo r−1 keeps the statistical distance from uniform negligible and,
  // unlike rejection sampling, consumes a fixed number of bytes, so seeded vectors are stable.
  return (bytesToNumberBE(rng(64)) % (R_ORDER - 1n)) + 1n;
}

/** Modular inverse in Z_r (r is prime, so x^(r-2)). */
export function invertScalar(x: bigint): bigint {
  if (x % R_ORDER === 0n) throw new ScalarEncodingError("scalar inverse", "zero has no inverse");
  let result = 1n;
  let base = ((x % R_ORDER) + R_ORDER) % R_ORDER;
  let e = R_ORDER - 2n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) % R_ORDER;
    base = (base * base) % R_ORDER;
    e >>= 1n;
  }
  return result;
}

/** Canonical encoding of a scalar in [1, r-1]: 32 bytes big-endian. */
export function encodeScalar(x: bigint): Uint8Array {
  if (x <= 0n || x >= R_ORDER) throw new ScalarEncodingError("encodeScalar", "value out of range");
  return numberToBytesBE(x, SCALAR_BYTES);
}

/** Decodes a canonical scalar, rejecting zero and values ≥ r. */
export function decodeScalar(bytes: Uint8Array, what = "Scalar"): bigint {
  if (bytes.length !== SCALAR_BYTES) throw new LengthError(what, SCALAR_BYTES, bytes.length);
  const x = bytesToNumberBE(bytes);
  if (x === 0n) throw new ScalarEncodingError(what, "zero is not a valid secret");
  if (x >= R_ORDER) throw new ScalarEncodingError(what, "value is not below the group order r");
  return x;
}

/** A uniformly random exponent in [0, r−1] (zero included), for re-randomisation. */
export function randomExponent(rng: Rng = systemRng): bigint {
  return bytesToNumberBE(rng(64)) % R_ORDER;
}
