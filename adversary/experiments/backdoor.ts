// The subverter's backdoor: a PRF keyed with a secret only the subverter (and its adversary) holds.
// A ciphertext "says" the bit PRF_K(public bytes) — unpredictable to anyone without K, so biasing
// it is undetectable, yet readable by the holder of K (Bellare–Paterson–Rogaway, CRYPTO 2014).
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

/** One pseudorandom bit of `data` under the backdoor key. */
export function backdoorBit(key: Uint8Array, data: Uint8Array): number {
  return hmac(sha256, key, data)[0]! & 1;
}

/** Bit i (little-endian within bytes) of a secret, cycling over its length. */
export function secretBit(secret: Uint8Array, i: number): number {
  const j = i % (secret.length * 8);
  return (secret[j >> 3]! >> (j & 7)) & 1;
}
