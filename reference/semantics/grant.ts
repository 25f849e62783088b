// The grant construction a share spec states, as the roles compute it: the spec's re-encryption key
// term says whether a grant is record-bound (the fix of issue 15) or the pre-fix per-patient re-key,
// so running a world on the pre-fix spec variant runs the pre-fix construction end to end.
//
// The record-bound token rkrec(sk_P, C', pk_HB, ρ) names the ciphertext it was made for, so its wire
// form does too: d ‖ u ‖ H(C') (416 bytes), H(C') = keccak256 of the encoded C' as chain A stores it
// (preCiphertextHash). The patient's signature over hash("rk", token) therefore covers d, u and H(C'),
// and whoever re-encrypts checks H(C') against the anchored ciphertext first.
import type { ProtocolSpec } from "../../protocol/language.ts";
import { equalBytes } from "@noble/curves/utils.js";
import { bytesToHex } from "viem";
import {
  decodeRecordGrant,
  decodeReKey,
  decodeSecondLevelCiphertext,
  encodeFirstLevelCiphertext,
  encodeRecordGrant,
  encodeReKey,
  keccak256,
  LengthError,
  preGrantKey,
  preReEncrypt,
  preReEncryptRecord,
  preReKey,
  RECORD_GRANT_BYTES,
  systemRng,
  type PreSecretKey,
  type RecordGrant,
  type Rng,
} from "../crypto/index.ts";
import { fieldTerm } from "./spec-terms.ts";
import { ProtocolViolation } from "../roles/endpoint.ts";

/** Bytes of a ciphertext hash in a grant token. */
export const CIPHERTEXT_HASH_BYTES = 32;
/** Bytes of a record-bound grant token on the wire: d ‖ u ‖ H(C'). */
export const GRANT_TOKEN_BYTES = RECORD_GRANT_BYTES + CIPHERTEXT_HASH_BYTES; // 416

/** Whether the share spec's grant is record-bound (its gr1 re-encryption key names the ciphertext). */
export function recordBoundGrant(share: ProtocolSpec): boolean {
  const t = fieldTerm(share, "gr1", "rk_P_HB");
  return t.kind === "reKey" && t.record !== undefined;
}

/** A decoded record-bound grant token: the key (d, u) and the hash of the ciphertext it re-encrypts. */
export interface GrantToken {
  readonly grant: RecordGrant;
  readonly ciphertextHash: Uint8Array;
}

/** d ‖ u ‖ H(C'). */
export function encodeGrantToken(t: GrantToken): Uint8Array {
  const out = new Uint8Array(GRANT_TOKEN_BYTES);
  out.set(encodeRecordGrant(t.grant));
  out.set(t.ciphertextHash, RECORD_GRANT_BYTES);
  return out;
}

/** Inverse of encodeGrantToken; strict (exact length, d ∈ GT, u a non-identity G2 point). */
export function decodeGrantToken(bytes: Uint8Array): GrantToken {
  if (!(bytes instanceof Uint8Array) || bytes.length !== GRANT_TOKEN_BYTES) throw new LengthError("GrantToken", GRANT_TOKEN_BYTES, bytes instanceof Uint8Array ? bytes.length : -1);
  return { grant: decodeRecordGrant(bytes.subarray(0, RECORD_GRANT_BYTES)), ciphertextHash: bytes.slice(RECORD_GRANT_BYTES) };
}

/** The patient's encoded grant for the anchored ciphertext `ct` (encoded) to the requester's PRE key. */
export function makeGrant(share: ProtocolSpec, sk: PreSecretKey, ct: Uint8Array, requesterPreKey: Uint8Array, rng: Rng = systemRng): Uint8Array {
  return recordBoundGrant(share)
    ? encodeGrantToken({ grant: preGrantKey(sk, decodeSecondLevelCiphertext(ct), requesterPreKey, rng), ciphertextHash: keccak256(ct) })
    : encodeReKey(preReKey(sk, requesterPreKey));
}

/** Throws unless a record-bound token names the anchored ciphertext `ct` (nothing to check for a pre-fix re-key). */
export function checkGrantNamesCiphertext(share: ProtocolSpec, grant: Uint8Array, ct: Uint8Array): void {
  if (!recordBoundGrant(share)) return;
  const named = decodeGrantToken(grant).ciphertextHash;
  if (!equalBytes(named, keccak256(ct)))
    throw new ProtocolViolation("WRONG_CIPHERTEXT", `the grant was made for ciphertext ${bytesToHex(named)}, not for the record's anchored ciphertext ${bytesToHex(keccak256(ct))}`);
}

/**
 * The re-encryption of the anchored ciphertext under an encoded grant (deterministic: every member
 * recomputes it). A record-bound token is applied only to the ciphertext it names.
 */
export function reEncryptGrant(share: ProtocolSpec, grant: Uint8Array, ct: Uint8Array): Uint8Array {
  const c = decodeSecondLevelCiphertext(ct);
  if (!recordBoundGrant(share)) return encodeFirstLevelCiphertext(preReEncrypt(decodeReKey(grant), c));
  checkGrantNamesCiphertext(share, grant, ct);
  return encodeFirstLevelCiphertext(preReEncryptRecord(decodeGrantToken(grant).grant, c));
}
