// From the PRE plaintext m ∈ GT to the blob's AEAD key and to a public key commitment, with HKDF-
// SHA256 and domain-separated labels that also bind the record context. The commitment lets a
// recipient check, after decrypting, that the PRE ciphertext it was given (which the firewall
// re-randomised, so no signature covers its bytes) carries the key the device signed for.
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { equalBytes } from "@noble/curves/utils.js";
import type { Gt } from "./bls12.ts";
import { encodeGt } from "./gt-encoding.ts";
import { ArgumentError, KeyCommitmentError } from "./errors.ts";

/** Bytes of a data key (ChaCha20-Poly1305 key). */
export const DATA_KEY_BYTES = 32;
/** Bytes of a key commitment. */
export const KEY_COMMITMENT_BYTES = 32;

/** The fields that name a record independently of where its blob is stored (no CID: it depends on the ciphertext). */
export interface RecordContext {
  /** Patient (data owner) identifier, e.g. their chain-A address. */
  patient: string;
  /** Record identifier, unique per upload. */
  record: string;
  /** Identifier of the device that produced the record. */
  device: string;
}

const CONTEXT_LABEL = "MedExChain/v1/record-context";
const DATA_KEY_LABEL = "MedExChain/v1/data-key";
const COMMITMENT_LABEL = "MedExChain/v1/key-commitment";

function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 0xffff) throw new ArgumentError(`record context field of ${bytes.length} bytes exceeds 65535`);
  return concatBytes(new Uint8Array([bytes.length >> 8, bytes.length & 0xff]), bytes);
}

/** Injective encoding of a record context: label ‖ (u16 length ‖ UTF-8) for patient, record, device. */
export function encodeRecordContext(ctx: RecordContext): Uint8Array {
  return concatBytes(
    lengthPrefixed(utf8ToBytes(CONTEXT_LABEL)),
    lengthPrefixed(utf8ToBytes(ctx.patient)),
    lengthPrefixed(utf8ToBytes(ctx.record)),
    lengthPrefixed(utf8ToBytes(ctx.device)),
  );
}

function derive(m: Gt, label: string, ctx: RecordContext, length: number): Uint8Array {
  const info = concatBytes(lengthPrefixed(utf8ToBytes(label)), encodeRecordContext(ctx));
  return hkdf(sha256, encodeGt(m), undefined, info, length);
}

/** k = HKDF-SHA256(ikm = encode(m), info = "MedExChain/v1/data-key" ‖ context), 32 bytes. */
export function dataKeyFrom(m: Gt, context: RecordContext): Uint8Array {
  return derive(m, DATA_KEY_LABEL, context, DATA_KEY_BYTES);
}

/** kc = HKDF-SHA256(encode(m), "MedExChain/v1/key-commitment" ‖ context): public, binds m to the signed upload. */
export function keyCommitment(m: Gt, context: RecordContext): Uint8Array {
  return derive(m, COMMITMENT_LABEL, context, KEY_COMMITMENT_BYTES);
}

/** Throws KeyCommitmentError unless m matches the commitment the device signed. */
export function checkKeyCommitment(m: Gt, context: RecordContext, commitment: Uint8Array): void {
  if (!equalBytes(keyCommitment(m, context), commitment)) throw new KeyCommitmentError();
}

/** SHA-256 of a blob, as anchored on chain. */
export function blobHash(blob: Uint8Array): Uint8Array {
  return sha256(blob);
}
