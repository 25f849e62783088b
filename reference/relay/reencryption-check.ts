// A committee member's check of a re-encryption before it signs: re-encryption is deterministic, so
// the member recomputes it from the grant's re-encryption key and the anchored ciphertext and signs
// only a byte-identical result. One function, so the construction behind it changes in one place.
import { decodeReKey, decodeSecondLevelCiphertext, encodeFirstLevelCiphertext, preReEncrypt } from "../crypto/index.ts";

/** The re-encryption of `ciphertext` (as anchored) under `reKey` (as granted), encoded as delivered. */
export function recomputeReEncryption(reKey: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return encodeFirstLevelCiphertext(preReEncrypt(decodeReKey(reKey), decodeSecondLevelCiphertext(ciphertext)));
}
