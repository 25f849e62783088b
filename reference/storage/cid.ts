// IPFS content identifiers of encrypted blobs: CIDv1, raw codec (0x55), sha2-256 multihash.
import { sha256 } from "@noble/hashes/sha2.js";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";
import { InvalidCidError } from "./errors.ts";

/** Multicodec code of sha2-256. */
export const SHA2_256 = 0x12;

/** The CID of `bytes`. */
export function cidOf(bytes: Uint8Array): CID {
  return CID.createV1(raw.code, createDigest(SHA2_256, sha256(bytes)));
}

function check(cid: CID, input: string): CID {
  if (cid.version !== 1) throw new InvalidCidError(input, `version ${cid.version}, expected 1`);
  if (cid.code !== raw.code) throw new InvalidCidError(input, `codec 0x${cid.code.toString(16)}, expected raw 0x55`);
  if (cid.multihash.code !== SHA2_256 || cid.multihash.size !== 32) throw new InvalidCidError(input, `multihash 0x${cid.multihash.code.toString(16)}, expected sha2-256`);
  return cid;
}

/** Parse a CID string (base32 "b…" as IPFS prints CIDv1) and require raw/sha2-256. */
export function parseCid(text: string): CID {
  let cid: CID;
  try {
    cid = CID.parse(text);
  } catch (e) {
    throw new InvalidCidError(text, e instanceof Error ? e.message : String(e));
  }
  return check(cid, text);
}

/** The binary CID (36 bytes), as anchored on chain A. */
export function cidToBytes(cid: CID | string): Uint8Array {
  return (typeof cid === "string" ? parseCid(cid) : cid).bytes;
}

/** Decode a binary CID read from chain A. */
export function cidFromBytes(bytes: Uint8Array): CID {
  const shown = Buffer.from(bytes).toString("hex");
  let cid: CID;
  try {
    cid = CID.decode(bytes);
  } catch (e) {
    throw new InvalidCidError(`0x${shown}`, e instanceof Error ? e.message : String(e));
  }
  return check(cid, `0x${shown}`);
}
