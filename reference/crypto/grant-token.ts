// The wire form of a record-bound grant: the token rkrec(sk_P, C', pk_HB, ρ) names the ciphertext it
// was made for, so its encoding does too: d ‖ u ‖ H(C') (416 bytes), with H(C') = keccak256 of the
// encoded second-level ciphertext as chain A stores it (preCiphertextHash). The patient's signature
// over keccak256(token) thus covers d, u and H(C'), and whoever re-encrypts first checks that H(C')
// is the anchored ciphertext's (a grant applied elsewhere would only yield garbage, but a member that
// signs garbage is blamed, so it refuses up front).
import { equalBytes } from "@noble/curves/utils.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { CryptoError, LengthError } from "./errors.ts";
import { keccak256 } from "./ethereum-signature.ts";
import { decodeRecordGrant, encodeRecordGrant, RECORD_GRANT_BYTES } from "./pre-encoding.ts";
import type { RecordGrant } from "./pre-grant.ts";

/** Bytes of the ciphertext hash a token names. */
export const CIPHERTEXT_HASH_BYTES = 32;
/** Bytes of an encoded grant token: d ‖ u ‖ H(C'). */
export const GRANT_TOKEN_BYTES = RECORD_GRANT_BYTES + CIPHERTEXT_HASH_BYTES; // 416

/** A record-bound grant with the hash of the one ciphertext it re-encrypts. */
export interface GrantToken {
  readonly grant: RecordGrant;
  readonly ciphertextHash: Uint8Array;
}

/** A token presented for a ciphertext other than the one it names. */
export class GrantCiphertextMismatchError extends CryptoError {
  constructor(named: Uint8Array, actual: Uint8Array) {
    super(
      "E_GRANT_CIPHERTEXT",
      `the grant was made for ciphertext 0x${bytesToHex(named)}, not for 0x${bytesToHex(actual)}; a record-bound grant re-encrypts only the anchored ciphertext it names`,
    );
  }
}

/** d ‖ u ‖ H(C'), 416 bytes. */
export function encodeGrantToken(t: GrantToken): Uint8Array {
  if (t.ciphertextHash.length !== CIPHERTEXT_HASH_BYTES) throw new LengthError("GrantToken.ciphertextHash", CIPHERTEXT_HASH_BYTES, t.ciphertextHash.length);
  const out = new Uint8Array(GRANT_TOKEN_BYTES);
  out.set(encodeRecordGrant(t.grant));
  out.set(t.ciphertextHash, RECORD_GRANT_BYTES);
  return out;
}

/** Inverse of encodeGrantToken; strict (exact length, d ∈ GT, u a non-identity point of G2). */
export function decodeGrantToken(bytes: Uint8Array): GrantToken {
  if (!(bytes instanceof Uint8Array)) throw new LengthError("GrantToken", GRANT_TOKEN_BYTES, -1);
  if (bytes.length !== GRANT_TOKEN_BYTES) throw new LengthError("GrantToken", GRANT_TOKEN_BYTES, bytes.length);
  return { grant: decodeRecordGrant(bytes.subarray(0, RECORD_GRANT_BYTES)), ciphertextHash: bytes.slice(RECORD_GRANT_BYTES) };
}

/** The token for ciphertext `ct` (encoded): the grant and keccak256(ct). */
export function grantTokenFor(grant: RecordGrant, ct: Uint8Array): GrantToken {
  return { grant, ciphertextHash: keccak256(ct) };
}

/** Throws GrantCiphertextMismatchError unless the token names the encoded ciphertext `ct`. */
export function checkTokenNames(token: GrantToken, ct: Uint8Array): void {
  const actual = keccak256(ct);
  if (!equalBytes(token.ciphertextHash, actual)) throw new GrantCiphertextMismatchError(token.ciphertextHash, actual);
}
