// Chain A identities: secp256k1 ECDSA as Ethereum uses it. Digests are keccak256, signatures are
// 65 bytes r ‖ s ‖ v (v ∈ {27, 28}, low s, RFC 6979 deterministic nonces) so a contract can check
// them with ecrecover, and identities are 20-byte addresses (EIP-55 checksummed hex).
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { systemRng, type Rng } from "./rng.ts";
import { ArgumentError, LengthError, PointEncodingError, SignatureError } from "./errors.ts";

/** Bytes of an Ethereum-style recoverable signature r ‖ s ‖ v. */
export const ETH_SIGNATURE_BYTES = 65;
/** Bytes of an address. */
export const ETH_ADDRESS_BYTES = 20;
/** Bytes of a secp256k1 secret key. */
export const ETH_SECRET_KEY_BYTES = 32;
/** Bytes of a compressed secp256k1 public key. */
export const ETH_PUBLIC_KEY_BYTES = 33;

const N = secp256k1.Point.Fn.ORDER;
const HALF_N = N >> 1n;

/** keccak256, the digest Ethereum signs and ecrecover checks. */
export function keccak256(data: Uint8Array): Uint8Array {
  return keccak_256(data);
}

/** A chain-A key pair. */
export interface EthKeyPair {
  sk: Uint8Array;
  publicKey: Uint8Array;
  address: string;
}

/** EIP-55 mixed-case checksum of a 20-byte address. */
export function toChecksumAddress(address: Uint8Array | string): string {
  const hex = typeof address === "string" ? address.toLowerCase().replace(/^0x/, "") : bytesToHex(address);
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new ArgumentError(`not a 20-byte address: ${String(address)}`);
  const hash = bytesToHex(keccak_256(utf8ToBytes(hex)));
  let out = "0x";
  for (let i = 0; i < 40; i++) out += parseInt(hash[i]!, 16) >= 8 ? hex[i]!.toUpperCase() : hex[i]!;
  return out;
}

/**
 * Orders addresses by their 20 bytes, whatever their checksum casing: the order committee proofs
 * list their signers in, which lets the contracts reject a duplicate in one pass.
 */
export function compareAddresses(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The address of a secp256k1 public key (33- or 65-byte SEC1): last 20 bytes of keccak256(X ‖ Y). */
export function ethAddressFromPublicKey(publicKey: Uint8Array): string {
  let point;
  try {
    point = secp256k1.Point.fromBytes(publicKey);
  } catch (e) {
    throw new PointEncodingError("secp256k1 public key", (e as Error).message);
  }
  const uncompressed = point.toBytes(false);
  return toChecksumAddress(keccak_256(uncompressed.subarray(1)).subarray(12));
}

/** Fresh chain-A key pair. */
export function ethKeyGen(rng: Rng = systemRng): EthKeyPair {
  const sk = secp256k1.utils.randomSecretKey(rng(48));
  const publicKey = secp256k1.getPublicKey(sk, true);
  return { sk, publicKey, address: ethAddressFromPublicKey(publicKey) };
}

/** The address of a secret key. */
export function ethAddressOf(sk: Uint8Array): string {
  return ethAddressFromPublicKey(secp256k1.getPublicKey(sk, true));
}

function checkDigest(digest: Uint8Array): void {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new ArgumentError("ECDSA digest must be 32 bytes (keccak256 of the message)");
}

/** Signs a 32-byte digest: r ‖ s ‖ v with low s and v ∈ {27, 28}. */
export function ethSign(sk: Uint8Array, digest: Uint8Array): Uint8Array {
  checkDigest(digest);
  const sig = secp256k1.sign(digest, sk, { prehash: false, format: "recovered", lowS: true });
  // noble's "recovered" layout is recovery ‖ r ‖ s; Ethereum's is r ‖ s ‖ (27 + recovery).
  return concatBytes(sig.subarray(1, 65), new Uint8Array([27 + sig[0]!]));
}

/** Parsed signature components, after the checks ecrecover-based contracts should make. */
export interface EthSignatureParts {
  r: bigint;
  s: bigint;
  v: 27 | 28;
}

/** Strict decoder: 65 bytes, 0 < r < n, 0 < s ≤ n/2 (no malleable twin), v ∈ {27, 28}. */
export function decodeEthSignature(bytes: Uint8Array): EthSignatureParts {
  if (!(bytes instanceof Uint8Array) || bytes.length !== ETH_SIGNATURE_BYTES) {
    throw new LengthError("EthSignature", ETH_SIGNATURE_BYTES, bytes instanceof Uint8Array ? bytes.length : -1);
  }
  const r = bytesToNumberBE(bytes.subarray(0, 32));
  const s = bytesToNumberBE(bytes.subarray(32, 64));
  const v = bytes[64]!;
  if (r === 0n || r >= N) throw new SignatureError("EthSignature", "r is out of range [1, n-1]; re-sign with a standard signer");
  if (s === 0n || s > HALF_N) throw new SignatureError("EthSignature", "s is zero or high (malleable); re-sign with low-s normalisation");
  if (v !== 27 && v !== 28) throw new SignatureError("EthSignature", `v must be 27 or 28, got ${v}`);
  return { r, s, v };
}

/** r ‖ s ‖ v, 65 bytes (inverse of decodeEthSignature). */
export function encodeEthSignature(parts: EthSignatureParts): Uint8Array {
  return concatBytes(numberToBytesBE(parts.r, 32), numberToBytesBE(parts.s, 32), new Uint8Array([parts.v]));
}

/** The address that signed `digest` (what ecrecover returns); throws SignatureError if none does. */
export function ethRecover(digest: Uint8Array, signature: Uint8Array): string {
  checkDigest(digest);
  const { r, s, v } = decodeEthSignature(signature);
  const nobleSig = concatBytes(new Uint8Array([v - 27]), encodeEthSignature({ r, s, v }).subarray(0, 64));
  try {
    return ethAddressFromPublicKey(secp256k1.recoverPublicKey(nobleSig, digest, { prehash: false }));
  } catch (e) {
    throw new SignatureError("EthSignature", `no public key recovers from this signature (${(e as Error).message})`);
  }
}

/** True iff `signature` is a valid strict signature of `digest` by `address`. */
export function ethVerify(address: string, digest: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ethRecover(digest, signature) === toChecksumAddress(address);
  } catch (e) {
    if (e instanceof SignatureError || e instanceof LengthError || e instanceof PointEncodingError) return false;
    throw e;
  }
}
