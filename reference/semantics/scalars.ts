// Fixed-width encodings of the protocol's small values (timestamps, chain ids).

/** 8-byte big-endian unsigned integer. */
export function u64(n: bigint | number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

/** Read an 8-byte big-endian unsigned integer. */
export function readU64(b: Uint8Array): bigint {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(0);
}
