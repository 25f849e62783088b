// A committee member's check of a re-encryption before it signs: re-encryption is deterministic, so
// the member recomputes it from the grant's key and the anchored ciphertext and signs only a
// byte-identical result. One function, so the construction behind it changes in one place. Both
// constructions are accepted by their encodings' fixed lengths: the record-bound grant rk_R = (d, u)
// (384 bytes, pre-grant.ts) and the pre-fix per-delegatee key rk = g2^(a1·b2) (96 bytes), which the
// roles use until they switch to the grant.
// Direct module imports, not the crypto index: each member's worker loads only what it needs.
import { decodeRecordGrant, decodeReKey, decodeSecondLevelCiphertext, encodeFirstLevelCiphertext, RECORD_GRANT_BYTES } from "../crypto/pre-encoding.ts";
import { preReEncrypt } from "../crypto/pre.ts";
import { preReEncryptRecord } from "../crypto/pre-grant.ts";

/** The re-encryption of `ciphertext` (as anchored) under `reKey` (as granted), encoded as delivered. */
export function recomputeReEncryption(reKey: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const ct = decodeSecondLevelCiphertext(ciphertext);
  if (reKey.length === RECORD_GRANT_BYTES) return encodeFirstLevelCiphertext(preReEncryptRecord(decodeRecordGrant(reKey), ct));
  return encodeFirstLevelCiphertext(preReEncrypt(decodeReKey(reKey), ct));
}
