// The device's signature: BLS in the "minimal-signature-size" setting (signature in G1, 48 B;
// public key in G2, 96 B). BLS is unique: for a key and a message exactly one signature verifies,
// so a subverted device has no choice left in what it signs, and a firewall that verifies the
// signature and forwards it unchanged closes that channel (Ateniese–Magri–Venturi, CCS 2015).
import { curve, Fp12Field as F12, g2, G1, G2, type G1Point, type G2Point } from "./bls12.ts";
import { g1Mul } from "./endomorphism-mul.ts";
import { decodeG1, decodeG2, encodeG1, encodeG2, G1_BYTES, G2_BYTES } from "./points.ts";
import { decodeScalar, encodeScalar, randomScalar, SCALAR_BYTES } from "./scalar.ts";
import { systemRng, type Rng } from "./rng.ts";

/** Domain separation tag for hashing device messages to G1 (RFC 9380 hash_to_curve, basic BLS scheme). */
export const DEVICE_SIGNATURE_DST = "MEDEXCHAIN-V1-DEVICE_BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";
/** Bytes of a device signature (compressed G1). */
export const DEVICE_SIGNATURE_BYTES = G1_BYTES;
/** Bytes of a device public key (compressed G2). */
export const DEVICE_PUBLIC_KEY_BYTES = G2_BYTES;
/** Bytes of a device secret key (scalar). */
export const DEVICE_SECRET_KEY_BYTES = SCALAR_BYTES;

/** A device's BLS key pair. */
export interface DeviceKeyPair {
  sk: bigint;
  pk: G2Point;
}

/** Fresh device key pair: sk ∈ [1, r−1], pk = g2^sk. */
export function deviceKeyGen(rng: Rng = systemRng): DeviceKeyPair {
  const sk = randomScalar(rng);
  return { sk, pk: g2.multiply(sk) };
}

/** RFC 9380 hash_to_curve with suite BLS12381G1_XMD:SHA-256_SSWU_RO_ under the given DST. */
export function hashToG1(message: Uint8Array, dst: string): G1Point {
  return G1.fromAffine(curve.G1.hashToCurve(message, { DST: dst }).toAffine());
}

/** H(message) ∈ G1 under the device DST. */
export function hashToDeviceG1(message: Uint8Array): G1Point {
  return hashToG1(message, DEVICE_SIGNATURE_DST);
}

/** σ = H(message)^sk: deterministic and unique. */
export function deviceSign(sk: bigint, message: Uint8Array): G1Point {
  return g1Mul(hashToDeviceG1(message), sk);
}

type LinePrecompute = ReturnType<typeof curve.utils.calcPairingPrecomputes>;
const lineCache = new WeakMap<G2Point, LinePrecompute>();
function lines(q: G2Point): LinePrecompute {
  let pre = lineCache.get(q);
  if (!pre) {
    pre = curve.utils.calcPairingPrecomputes(q);
    lineCache.set(q, pre);
  }
  return pre;
}
const NEG_G2 = G2.BASE.negate();

/**
 * e(σ, −g2)·e(H(m), pk) = 1, as one two-pair Miller loop and one final exponentiation; the
 * Miller-loop lines of −g2 and of each device key are computed once and cached.
 */
export function deviceVerify(pk: G2Point, message: Uint8Array, sig: G1Point): boolean {
  if (pk.is0() || sig.is0()) return false;
  const h = hashToDeviceG1(message).toAffine();
  const s = sig.toAffine();
  const f = curve.millerLoopBatch([
    [lines(NEG_G2), s.x, s.y],
    [lines(pk), h.x, h.y],
  ]);
  return F12.eql(F12.finalExponentiate(f), F12.ONE);
}

/** Compressed G1 signature, 48 bytes. */
export function encodeDeviceSignature(sig: G1Point): Uint8Array {
  return encodeG1(sig);
}

/** Strict decoder of a device signature (subgroup-checked, identity rejected). */
export function decodeDeviceSignature(bytes: Uint8Array): G1Point {
  return decodeG1(bytes, "DeviceSignature");
}

/** Compressed G2 public key, 96 bytes. */
export function encodeDevicePublicKey(pk: G2Point): Uint8Array {
  return encodeG2(pk);
}

/** Strict decoder of a device public key (subgroup-checked, identity rejected). */
export function decodeDevicePublicKey(bytes: Uint8Array): G2Point {
  return decodeG2(bytes, "DevicePublicKey");
}

/** 32-byte big-endian secret scalar. */
export function encodeDeviceSecretKey(sk: bigint): Uint8Array {
  return encodeScalar(sk);
}

/** Strict decoder of a device secret key. */
export function decodeDeviceSecretKey(bytes: Uint8Array): bigint {
  return decodeScalar(bytes, "DeviceSecretKey");
}
