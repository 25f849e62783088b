// Canonical encodings of G1 and G2 points: the compressed ZCash/IETF form (48 and 96 bytes).
// Decoding is strict: exact length, compression flag set, coordinates below p, on the curve,
// in the prime-order subgroup, and (unless the caller allows it) not the point at infinity.
import { G1, G2, type G1Point, type G2Point } from "./bls12.ts";
import { LengthError, PointEncodingError } from "./errors.ts";
import { equalBytes } from "@noble/curves/utils.js";

/** Bytes of a compressed G1 point. */
export const G1_BYTES = 48;
/** Bytes of a compressed G2 point. */
export const G2_BYTES = 96;

/** Options for point decoders. */
export interface PointDecodeOptions {
  /** Accept the point at infinity (never needed by the scheme; default false). */
  allowIdentity?: boolean;
}

/** Encodes a G1 point compressed (48 bytes); refuses the identity, which no message of the scheme carries. */
export function encodeG1(p: G1Point): Uint8Array {
  if (p.is0()) throw new PointEncodingError("encodeG1", "refusing to encode the point at infinity");
  return p.toBytes(true);
}

/** Encodes a G2 point compressed (96 bytes); refuses the identity. */
export function encodeG2(p: G2Point): Uint8Array {
  if (p.is0()) throw new PointEncodingError("encodeG2", "refusing to encode the point at infinity");
  return p.toBytes(true);
}

function decodePoint<P extends { is0(): boolean; toBytes(c?: boolean): Uint8Array }>(
  bytes: Uint8Array,
  expected: number,
  what: string,
  parse: (b: Uint8Array) => P,
  opts: PointDecodeOptions,
): P {
  if (!(bytes instanceof Uint8Array)) throw new PointEncodingError(what, "input is not a byte array");
  if (bytes.length !== expected) throw new LengthError(what, expected, bytes.length);
  if ((bytes[0]! & 0x80) === 0) throw new PointEncodingError(what, "compression flag not set (uncompressed encodings are not canonical here)");
  let p: P;
  try {
    // noble's fromBytes checks the curve equation and subgroup membership (Scott's endomorphism
    // tests); test/reference/crypto/points.test.ts pins that with on-curve points outside the subgroup.
    p = parse(bytes);
  } catch (e) {
    throw new PointEncodingError(what, `not a valid point (${(e as Error).message})`);
  }
  if (p.is0()) {
    if (!opts.allowIdentity) throw new PointEncodingError(what, "the point at infinity is not allowed here");
    return p;
  }
  // Guard against any decoder leniency (ignored flag bits, reduced coordinates): only the
  // exact bytes our encoder would produce are accepted.
  if (!equalBytes(p.toBytes(true), bytes)) throw new PointEncodingError(what, "non-canonical encoding");
  return p;
}

/** Decodes a compressed G1 point, validating curve and subgroup membership. */
export function decodeG1(bytes: Uint8Array, what = "G1 point", opts: PointDecodeOptions = {}): G1Point {
  return decodePoint(bytes, G1_BYTES, what, (b) => G1.fromBytes(b), opts);
}

/** Decodes a compressed G2 point, validating curve and subgroup membership. */
export function decodeG2(bytes: Uint8Array, what = "G2 point", opts: PointDecodeOptions = {}): G2Point {
  return decodePoint(bytes, G2_BYTES, what, (b) => G2.fromBytes(b), opts);
}
