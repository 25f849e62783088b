// A committee member's check of a re-encryption before it signs: re-encryption is deterministic, so
// the member recomputes it from the grant and the anchored ciphertext and signs only a byte-identical
// result. One function, so the construction behind it changes in one place. The construction is told
// by the encoding's fixed length: the record-bound grant token d ‖ u ‖ H(C') (416 bytes,
// crypto/grant-token.ts; the member also checks it names this ciphertext) or the pre-fix
// per-delegatee key rk = g2^(a1·b2) (96 bytes), which only the pre-fix spec variant grants.
import {
  checkTokenNames,
  decodeGrantToken,
  decodeReKey,
  decodeSecondLevelCiphertext,
  encodeFirstLevelCiphertext,
  GRANT_TOKEN_BYTES,
  preReEncrypt,
  preReEncryptRecord,
} from "../crypto/index.ts";

/** The re-encryption of `ciphertext` (as anchored) under `reKey` (as granted), encoded as delivered. */
export function recomputeReEncryption(reKey: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const ct = decodeSecondLevelCiphertext(ciphertext);
  if (reKey.length === GRANT_TOKEN_BYTES) {
    const token = decodeGrantToken(reKey);
    checkTokenNames(token, ciphertext);
    return encodeFirstLevelCiphertext(preReEncryptRecord(token.grant, ct));
  }
  return encodeFirstLevelCiphertext(preReEncrypt(decodeReKey(reKey), ct));
}
