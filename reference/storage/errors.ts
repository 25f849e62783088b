// Typed errors of the content-addressed store.
import { MedExChainError } from "../../protocol/errors.ts";

/** Base of every storage error; `code` is stable for programs, the message is for people. */
export class StorageError extends MedExChainError {
  constructor(code: string, message: string, remedy = "check the blob store directory (--data-dir) and that the blob was stored under this CID") {
    super(code, message, remedy);
  }
}

/** A string or byte string that is not a CIDv1 of raw bytes under sha2-256. */
export class InvalidCidError extends StorageError {
  constructor(
    readonly input: string,
    detail: string,
  ) {
    super("E_INVALID_CID", `"${input}" is not a usable CID (${detail}); blobs are addressed by CIDv1, raw codec 0x55, sha2-256`);
  }
}

/** No block with this CID is stored. */
export class BlobNotFoundError extends StorageError {
  constructor(readonly cid: string) {
    super("E_BLOB_NOT_FOUND", `no blob with CID ${cid} in the store; check the CID anchored on chain A and that the uploader stored it here`);
  }
}

/** The stored bytes do not hash to their CID: the block was altered or damaged. */
export class BlobIntegrityError extends StorageError {
  constructor(
    readonly cid: string,
    readonly actualCid: string,
  ) {
    super("E_BLOB_INTEGRITY", `the blob stored under ${cid} hashes to ${actualCid}: it was altered or damaged; refuse it and fetch it again from the uploader`);
  }
}
