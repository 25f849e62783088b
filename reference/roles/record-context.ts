// The record context a PHR blob is bound to: k = HKDF(m; info = label ‖ ctx) and AEAD associated data
// = ctx, with ctx = (device, anchoring hospital, patient, device timestamp) — everything that names
// the record and is known when the device encrypts (the record id and the CID are derived from the
// blob, so they cannot be in it; docs/crypto.md §4.6). A blob opened under any other record's context
// fails its tag, so a ciphertext or blob moved to another record cannot be read as that record.
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { dataKeyFrom, encodeRecordContext, type Gt, type RecordContext } from "../crypto/index.ts";

/** The fields of the record context, as the roles hold them (identifiers as bytes, tsD in seconds). */
export interface BlobContext {
  /** The device id, keccak256 of its BLS public key (as registered on chain A). */
  readonly device: Uint8Array;
  /** The anchoring hospital's chain-A address. */
  readonly hospital: Uint8Array;
  /** The patient's chain-A address. */
  readonly patient: Uint8Array;
  /** The device timestamp tsD, seconds. */
  readonly timestamp: bigint;
}

/** The crypto layer's injective record context for a blob: the upload (hospital, tsD) names the record. */
export function recordContextOf(c: BlobContext): RecordContext {
  return {
    patient: bytesToHex(c.patient).toLowerCase(),
    record: `${bytesToHex(c.hospital).toLowerCase()}@${c.timestamp}`,
    device: bytesToHex(c.device).toLowerCase(),
  };
}

/** The AEAD associated data of the blob of this record: the encoded record context. */
export function blobAd(c: BlobContext): Uint8Array {
  return encodeRecordContext(recordContextOf(c));
}

/** k = KDF(m; ctx). */
export function blobKey(m: Gt, c: BlobContext): Uint8Array {
  return dataKeyFrom(m, recordContextOf(c));
}

/** The record context of an anchored record, as chain A's RecordAnchored event (or getRecord) states it. */
export function anchoredContext(a: { readonly device: string; readonly hospital: string; readonly owner: string; readonly timestamp: bigint }): BlobContext {
  return { device: hexToBytes(a.device as Hex), hospital: hexToBytes(a.hospital as Hex), patient: hexToBytes(a.owner as Hex), timestamp: a.timestamp };
}
