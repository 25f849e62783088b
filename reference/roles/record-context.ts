// The data key is k = KDF(m) with the spec's domain separation only (`hash("kdf", m)`): m is fresh
// per blob, so no further context is needed for key separation, and the requester can derive k
// from m alone. The AEAD's associated data is likewise fixed.
import { dataKeyFrom, type Gt, type RecordContext } from "../crypto/index.ts";

const CONTEXT: RecordContext = { patient: "MedExChain", record: "phr-blob", device: "v1" };

/** The AEAD associated data of every PHR blob. */
export const BLOB_AD = new TextEncoder().encode("MedExChain/v1/phr-blob");

/** k = KDF(m). */
export function blobKey(m: Gt): Uint8Array {
  return dataKeyFrom(m, CONTEXT);
}
