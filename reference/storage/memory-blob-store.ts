// An in-memory BlobStore for tests and single-process runs.
import type { BlobStore } from "./blob-store.ts";
import { cidOf, parseCid } from "./cid.ts";
import { BlobIntegrityError, BlobNotFoundError } from "./errors.ts";

/** Blobs kept in a Map, copied in and out so callers cannot alter stored bytes. */
export class MemoryBlobStore implements BlobStore {
  private readonly blocks = new Map<string, Uint8Array>();

  /** Store a copy of `bytes`. */
  async put(bytes: Uint8Array): Promise<string> {
    const cid = cidOf(bytes).toString();
    if (!this.blocks.has(cid)) this.blocks.set(cid, Uint8Array.from(bytes));
    return cid;
  }

  /** A verified copy of the bytes under `cid`. */
  async get(cid: string): Promise<Uint8Array> {
    const key = parseCid(cid).toString();
    const bytes = this.blocks.get(key);
    if (!bytes) throw new BlobNotFoundError(key);
    const actual = cidOf(bytes).toString();
    if (actual !== key) throw new BlobIntegrityError(key, actual);
    return Uint8Array.from(bytes);
  }

  /** Whether `cid` is stored. */
  async has(cid: string): Promise<boolean> {
    return this.blocks.has(parseCid(cid).toString());
  }

  /** Replace the bytes under `cid` without re-addressing them: lets tests simulate a tampering store. */
  tamper(cid: string, bytes: Uint8Array): void {
    this.blocks.set(parseCid(cid).toString(), Uint8Array.from(bytes));
  }
}
