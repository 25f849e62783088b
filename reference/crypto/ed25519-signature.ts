// Chain B identities: Ed25519 (RFC 8032) with strict verification: canonical encodings only,
// S < L, no small-order public keys (cofactorless equation, not ZIP-215's permissive rules),
// so every party and chain B's contract agree on which signatures are valid.
import { ed25519 } from "@noble/curves/ed25519.js";
import { bytesToNumberBE } from "@noble/curves/utils.js";
import { systemRng, type Rng } from "./rng.ts";
import { LengthError, PointEncodingError, SignatureError } from "./errors.ts";

/** Bytes of an Ed25519 public key. */
export const ED25519_PUBLIC_KEY_BYTES = 32;
/** Bytes of an Ed25519 secret key (seed). */
export const ED25519_SECRET_KEY_BYTES = 32;
/** Bytes of an Ed25519 signature R ‖ S. */
export const ED25519_SIGNATURE_BYTES = 64;

const L = ed25519.Point.Fn.ORDER;

/** A chain-B key pair. */
export interface Ed25519KeyPair {
  sk: Uint8Array;
  pk: Uint8Array;
}

/** Fresh chain-B key pair (32-byte seed from rng). */
export function edKeyGen(rng: Rng = systemRng): Ed25519KeyPair {
  const sk = rng(ED25519_SECRET_KEY_BYTES);
  return { sk, pk: ed25519.getPublicKey(sk) };
}

/** Public key of a seed. */
export function edPublicKey(sk: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(sk);
}

/** RFC 8032 signature (deterministic). */
export function edSign(sk: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(message, sk);
}

/** Strict decoder of a public key: 32 bytes, canonical, on the curve, not of small order. */
export function decodeEd25519PublicKey(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new LengthError("Ed25519PublicKey", ED25519_PUBLIC_KEY_BYTES, bytes instanceof Uint8Array ? bytes.length : -1);
  }
  let point;
  try {
    point = ed25519.Point.fromBytes(bytes, false);
  } catch (e) {
    throw new PointEncodingError("Ed25519PublicKey", `not a canonical curve point (${(e as Error).message})`);
  }
  if (point.isSmallOrder()) throw new PointEncodingError("Ed25519PublicKey", "small-order point");
  return bytes;
}

/** Strict decoder of a signature: 64 bytes, S < L (R is checked during verification). */
export function decodeEd25519Signature(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length !== ED25519_SIGNATURE_BYTES) {
    throw new LengthError("Ed25519Signature", ED25519_SIGNATURE_BYTES, bytes instanceof Uint8Array ? bytes.length : -1);
  }
  const s = bytesToNumberBE(bytes.subarray(32).slice().reverse());
  if (s >= L) throw new SignatureError("Ed25519Signature", "S is not below the group order; re-sign with an RFC 8032 signer");
  return bytes;
}

/** Strict verification (RFC 8032 §5.1.7 with canonical encodings, no small-order keys). */
export function edVerify(pk: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    decodeEd25519PublicKey(pk);
    decodeEd25519Signature(signature);
  } catch {
    return false;
  }
  return ed25519.verify(signature, message, pk, { zip215: false });
}
