// The grant construction a share spec states, as the roles compute it: the spec's re-encryption key
// term says whether a grant is record-bound (the fix of issue 15: the token rkrec(sk_P, C', pk_HB, ρ),
// on the wire d ‖ u ‖ H(C'), reference/crypto/grant-token.ts) or the pre-fix per-patient re-key, so a
// world made with the pre-fix spec variant runs the pre-fix construction end to end.
import type { ProtocolSpec } from "../../protocol/language.ts";
import {
  checkTokenNames,
  decodeGrantToken,
  decodeSecondLevelCiphertext,
  encodeGrantToken,
  encodeReKey,
  GrantCiphertextMismatchError,
  grantTokenFor,
  preGrantKey,
  preReKey,
  systemRng,
  type PreSecretKey,
  type Rng,
} from "../crypto/index.ts";
import { fieldTerm } from "./spec-terms.ts";
import { ProtocolViolation } from "./violations.ts";

/** Whether the share spec's grant is record-bound (its gr1 re-encryption key names the ciphertext). */
export function recordBoundGrant(share: ProtocolSpec): boolean {
  const t = fieldTerm(share, "gr1", "rk_P_HB");
  return t.kind === "reKey" && t.record !== undefined;
}

/** The patient's encoded grant for the anchored ciphertext `ct` (encoded) to the requester's PRE key. */
export function makeGrant(share: ProtocolSpec, sk: PreSecretKey, ct: Uint8Array, requesterPreKey: Uint8Array, rng: Rng = systemRng): Uint8Array {
  return recordBoundGrant(share)
    ? encodeGrantToken(grantTokenFor(preGrantKey(sk, decodeSecondLevelCiphertext(ct), requesterPreKey, rng), ct))
    : encodeReKey(preReKey(sk, requesterPreKey));
}

/** Throws unless a record-bound grant names the anchored ciphertext `ct` (nothing to check for a pre-fix re-key). */
export function checkGrantNamesCiphertext(share: ProtocolSpec, grant: Uint8Array, ct: Uint8Array): void {
  if (!recordBoundGrant(share)) return;
  try {
    checkTokenNames(decodeGrantToken(grant), ct);
  } catch (e) {
    if (e instanceof GrantCiphertextMismatchError) throw new ProtocolViolation("E_WRONG_CIPHERTEXT", e.message);
    throw e;
  }
}
