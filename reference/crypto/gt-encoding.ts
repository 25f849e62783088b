// Canonical 288-byte encoding of GT elements by torus (T2) compression. Write x ∈ GT ⊂ Fp12 as
// x = a + b·w with a, b ∈ Fp6 and w² = v. GT elements have norm 1 over Fp6 (a² − v·b² = 1), so
// for x ≠ 1 the single Fp6 element c = (1 + a)/b determines x = (c + w)/(c − w)
// = ((c² + v) + 2c·w)/(c² − v). The identity gets the all-zero string (c = 0 would decode to −1,
// which is not in GT, so that string is otherwise unused). Decoding recomputes x and checks that it
// lies in GT, so every accepted string is the unique encoding of one GT element.
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { Fp, Fp2Field as F2, Fp6Field as F6, Fp12Field as F12, type Gt } from "./bls12.ts";
import type { Fp6 } from "@noble/curves/abstract/tower.js";
import { FieldEncodingError, GtEncodingError, LengthError } from "./errors.ts";
import { isInGt } from "./gt.ts";

/** Bytes of a compressed GT element (one Fp6 element, six 48-byte coordinates). */
export const GT_BYTES = 288;
const FP_BYTES = 48;

const V: Fp6 = { c0: F2.ZERO, c1: F2.ONE, c2: F2.ZERO };

/** Options for GT decoding. */
export interface GtDecodeOptions {
  /** Accept the identity element (needed only where a uniformly random element may be 1). */
  allowIdentity?: boolean;
}

function fp6Coordinates(c: Fp6): bigint[] {
  return [c.c0.c0, c.c0.c1, c.c1.c0, c.c1.c1, c.c2.c0, c.c2.c1];
}

/** Encodes x ∈ GT as 288 bytes (torus-compressed). The caller guarantees x ∈ GT. */
export function encodeGt(x: Gt): Uint8Array {
  const out = new Uint8Array(GT_BYTES);
  if (F12.eql(x, F12.ONE)) return out;
  if (F6.is0(x.c1)) throw new GtEncodingError("encodeGt", "element is ±1 but not the identity, so it is not in GT");
  const c = F6.mul(F6.add(F6.ONE, x.c0), F6.inv(x.c1));
  fp6Coordinates(c).forEach((coord, i) => out.set(numberToBytesBE(coord, FP_BYTES), i * FP_BYTES));
  return out;
}

/** Decodes a 288-byte torus encoding, rejecting non-canonical coordinates and anything outside GT. */
export function decodeGt(bytes: Uint8Array, what = "GT element", opts: GtDecodeOptions = {}): Gt {
  if (!(bytes instanceof Uint8Array)) throw new GtEncodingError(what, "input is not a byte array");
  if (bytes.length !== GT_BYTES) throw new LengthError(what, GT_BYTES, bytes.length);
  const coords: bigint[] = [];
  for (let i = 0; i < 6; i++) {
    const v = bytesToNumberBE(bytes.subarray(i * FP_BYTES, (i + 1) * FP_BYTES));
    if (v >= Fp.ORDER) throw new FieldEncodingError(what, `coordinate ${i} is not below p`);
    coords.push(v);
  }
  if (coords.every((v) => v === 0n)) {
    if (!opts.allowIdentity) throw new GtEncodingError(what, "the identity is not allowed here");
    return F12.ONE;
  }
  const c: Fp6 = {
    c0: { c0: coords[0]!, c1: coords[1]! },
    c1: { c0: coords[2]!, c1: coords[3]! },
    c2: { c0: coords[4]!, c1: coords[5]! },
  };
  // v is a non-square in Fp6 (it defines Fp12 = Fp6[w]/(w² − v)), so c² − v is never zero.
  const cc = F6.sqr(c);
  const inv = F6.inv(F6.sub(cc, V));
  const x: Gt = { c0: F6.mul(F6.add(cc, V), inv), c1: F6.mul(F6.add(c, c), inv) };
  if (!isInGt(x)) throw new GtEncodingError(what, "decompressed value is not in the order-r subgroup GT");
  return x;
}
