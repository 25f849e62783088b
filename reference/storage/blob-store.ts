// What MedExChain needs from content-addressed storage: put bytes, get them back by CID, verified.

/** A content-addressed store of encrypted blobs. */
export interface BlobStore {
  /** Store `bytes`; returns their CID (string form). Storing the same bytes twice is a no-op. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes stored under `cid`, re-hashed: BlobIntegrityError if they do not match it, BlobNotFoundError if absent. */
  get(cid: string): Promise<Uint8Array>;
  /** Whether a block is stored under `cid` (without verifying it). */
  has(cid: string): Promise<boolean>;
}
