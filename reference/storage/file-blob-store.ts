// A BlobStore persisted as one file per block under a data directory:
//   <dir>/blocks/<cid>   the block's bytes, written once, never overwritten
//   <dir>/tmp/           staging for atomic writes
// A block appears only complete: it is written and fsynced under a temporary name, then hard-linked
// into place, which fails if the name exists, so no writer can replace or half-write a stored block.
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, link, unlink, access } from "node:fs/promises";
import { join } from "node:path";
import type { BlobStore } from "./blob-store.ts";
import { cidOf, parseCid } from "./cid.ts";
import { BlobIntegrityError, BlobNotFoundError, StorageError } from "./errors.ts";

/** Blobs as files under `dir`. */
export class FileBlobStore implements BlobStore {
  private readonly blocks: string;
  private readonly tmp: string;
  private ready: Promise<void> | undefined;

  constructor(readonly dir: string) {
    this.blocks = join(dir, "blocks");
    this.tmp = join(dir, "tmp");
  }

  /** Store `bytes` under their CID, atomically; an existing identical block is left as is. */
  async put(bytes: Uint8Array): Promise<string> {
    await this.init();
    const cid = cidOf(bytes).toString();
    const final = join(this.blocks, cid);
    if (await exists(final)) {
      await this.get(cid); // an existing block must be intact; a damaged one is reported, not replaced
      return cid;
    }
    const staged = join(this.tmp, `${cid}.${process.pid}.${randomBytes(6).toString("hex")}`);
    const fh = await open(staged, "wx");
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await link(staged, final);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new StorageError("E_WRITE_FAILED", `cannot store block ${cid} in ${this.blocks}: ${(e as Error).message}`);
      await this.get(cid); // a concurrent writer stored it first; it must be intact
    } finally {
      await unlink(staged).catch(() => undefined);
    }
    return cid;
  }

  /** The bytes under `cid`, re-hashed against it. */
  async get(cid: string): Promise<Uint8Array> {
    const key = parseCid(cid).toString();
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(join(this.blocks, key)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError(key);
      throw new StorageError("E_READ_FAILED", `cannot read block ${key} from ${this.blocks}: ${(e as Error).message}`);
    }
    const actual = cidOf(bytes).toString();
    if (actual !== key) throw new BlobIntegrityError(key, actual);
    return bytes;
  }

  /** Whether a block file exists for `cid`. */
  async has(cid: string): Promise<boolean> {
    return exists(join(this.blocks, parseCid(cid).toString()));
  }

  /** Path of the file holding `cid` (for inspection and tamper tests). */
  pathOf(cid: string): string {
    return join(this.blocks, parseCid(cid).toString());
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.blocks, { recursive: true });
      await mkdir(this.tmp, { recursive: true });
    })();
    return this.ready;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}
