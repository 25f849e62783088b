import { mkdtemp, readdir, rm, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 as mfSha256 } from "multiformats/hashes/sha2";
import { cidFromBytes, cidOf, cidToBytes, parseCid } from "../../../reference/storage/cid.ts";
import { FileBlobStore } from "../../../reference/storage/file-blob-store.ts";
import { MemoryBlobStore } from "../../../reference/storage/memory-blob-store.ts";
import { BlobIntegrityError, BlobNotFoundError, InvalidCidError } from "../../../reference/storage/errors.ts";

describe("CIDs", () => {
  it("are CIDv1 raw sha2-256, equal to the IPFS CID of the same bytes", async () => {
    // The well-known CIDv1 (raw) of the empty byte string.
    expect(cidOf(new Uint8Array()).toString()).toBe("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    const bytes = new TextEncoder().encode("encrypted PHR blob");
    const viaMultiformats = CID.createV1(raw.code, await mfSha256.digest(bytes));
    expect(cidOf(bytes).toString()).toBe(viaMultiformats.toString());
  });

  it("round-trip through the 36-byte binary form anchored on chain", () => {
    const cid = cidOf(new Uint8Array([1, 2, 3]));
    const bin = cidToBytes(cid.toString());
    expect(bin.length).toBe(36);
    expect(cidFromBytes(bin).toString()).toBe(cid.toString());
  });

  it("reject other versions, codecs and garbage with InvalidCidError", () => {
    const v0 = "QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR";
    expect(() => parseCid(v0)).toThrow(InvalidCidError);
    const dagPb = CID.createV1(0x70, cidOf(new Uint8Array([9])).multihash).toString();
    expect(() => parseCid(dagPb)).toThrow(InvalidCidError);
    expect(() => parseCid("not-a-cid")).toThrow(InvalidCidError);
    expect(() => cidFromBytes(new Uint8Array([1, 2, 3]))).toThrow(InvalidCidError);
  });
});

describe("MemoryBlobStore", () => {
  it("returns what was put, by CID, and rejects tampered or missing blobs", async () => {
    const store = new MemoryBlobStore();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        const cid = await store.put(bytes);
        expect(await store.get(cid)).toEqual(bytes);
      }),
      { numRuns: 50 },
    );
    const cid = await store.put(new Uint8Array([5, 6, 7]));
    store.tamper(cid, new Uint8Array([5, 6, 8]));
    await expect(store.get(cid)).rejects.toThrow(BlobIntegrityError);
    await expect(store.get(cidOf(new Uint8Array([42])).toString())).rejects.toThrow(BlobNotFoundError);
  });
});

describe("FileBlobStore", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "medex-blobs-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("persists blobs across store instances and leaves no temporary files", async () => {
    const bytes = crypto.getRandomValues(new Uint8Array(4096));
    const cid = await new FileBlobStore(dir).put(bytes);
    const reopened = new FileBlobStore(dir);
    expect(await reopened.has(cid)).toBe(true);
    expect(await reopened.get(cid)).toEqual(bytes);
    expect(await readdir(join(dir, "tmp"))).toEqual([]);
  });

  it("stores the same bytes once, also under concurrent puts", async () => {
    const store = new FileBlobStore(dir);
    const bytes = new TextEncoder().encode("same blob");
    const cids = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(new Set(cids).size).toBe(1);
    expect(await store.get(cids[0]!)).toEqual(bytes);
    expect(await readdir(join(dir, "tmp"))).toEqual([]);
  });

  it("rejects a block whose file was altered, and never overwrites it on a later put", async () => {
    const store = new FileBlobStore(dir);
    const bytes = new TextEncoder().encode("vital signs, encrypted");
    const cid = await store.put(bytes);
    const altered = Uint8Array.from(bytes);
    altered[0] ^= 1;
    await writeFile(store.pathOf(cid), altered);
    await expect(store.get(cid)).rejects.toThrow(BlobIntegrityError);
    await expect(store.put(bytes)).rejects.toThrow(BlobIntegrityError);
    expect(new Uint8Array(await readFile(store.pathOf(cid)))).toEqual(altered);
  });

  it("reports a missing blob as BlobNotFoundError and a bad CID as InvalidCidError", async () => {
    const store = new FileBlobStore(dir);
    await expect(store.get(cidOf(new Uint8Array([1])).toString())).rejects.toThrow(BlobNotFoundError);
    await expect(store.get("../../etc/passwd")).rejects.toThrow(InvalidCidError);
  });
});
