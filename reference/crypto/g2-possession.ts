// Proof of possession of a G2 secret as the registries check it on chain (contracts/src/G2Possession.sol):
// a Schnorr proof (c, s) for pk = g2^x with T = g2^s · pk^(−c) and c = keccak256(DOMAIN ‖ ctx ‖ pk ‖ T)
// mod r, points in the uncompressed EIP-2537 form the precompiles take. `ctx` is the 32-byte context
// the contract derives from (chain id, contract, account, purpose), so a proof made for one account on
// one chain verifies for no other. Used for device keys (g2^sk) and the G2 half of PRE keys (g2^a2).
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { g2, G2, Fp2Field, type G2Point } from "./bls12.ts";
import { keccak256 } from "./ethereum-signature.ts";
import { randomScalar, SCALAR_BYTES } from "./scalar.ts";
import { R_ORDER } from "./bls12.ts";
import { systemRng, type Rng } from "./rng.ts";
import { LengthError, PointEncodingError } from "./errors.ts";

/** Bytes of an uncompressed EIP-2537 G2 point: four 64-byte field elements (16 zero bytes ‖ 48). */
export const EIP2537_G2_BYTES = 256;
/** Bytes of an encoded G2 possession proof: c ‖ s. */
export const G2_POSSESSION_BYTES = 2 * SCALAR_BYTES;

const DOMAIN = keccak256(utf8ToBytes("MedExChain/v1/g2-possession"));
/** Purposes the contracts bind a proof to (keccak256 of the label, as in the contracts). */
export const POSSESSION_PURPOSE = {
  device: keccak256(utf8ToBytes("MedExChain/v1/device-key")),
  pre: keccak256(utf8ToBytes("MedExChain/v1/pre-key")),
  ed25519: keccak256(utf8ToBytes("MedExChain/v1/ed25519-key")),
} as const;

function fp64(x: bigint): Uint8Array {
  return numberToBytesBE(x, 64);
}

/** pk uncompressed in EIP-2537 form (x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1); the identity is all zeros. */
export function encodeG2Eip2537(p: G2Point): Uint8Array {
  if (p.is0()) return new Uint8Array(EIP2537_G2_BYTES);
  const a = p.toAffine();
  return concatBytes(fp64(a.x.c0), fp64(a.x.c1), fp64(a.y.c0), fp64(a.y.c1));
}

/** Inverse of encodeG2Eip2537 for non-identity points; checks the curve equation and the subgroup. */
export function decodeG2Eip2537(bytes: Uint8Array): G2Point {
  if (!(bytes instanceof Uint8Array) || bytes.length !== EIP2537_G2_BYTES) throw new LengthError("G2 (EIP-2537)", EIP2537_G2_BYTES, bytes instanceof Uint8Array ? bytes.length : -1);
  const f = [0, 1, 2, 3].map((i) => bytesToNumberBE(bytes.subarray(i * 64, (i + 1) * 64)));
  try {
    const p = G2.fromAffine({ x: Fp2Field.create({ c0: f[0]!, c1: f[1]! }), y: Fp2Field.create({ c0: f[2]!, c1: f[3]! }) });
    p.assertValidity();
    if (p.is0()) throw new Error("identity");
    return p;
  } catch (e) {
    throw new PointEncodingError("G2 (EIP-2537)", `not a point of the prime-order subgroup: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function challenge(ctx: Uint8Array, pk: Uint8Array, t: Uint8Array): bigint {
  return bytesToNumberBE(keccak256(concatBytes(DOMAIN, ctx, pk, t))) % R_ORDER;
}

/** Proves knowledge of x with pk = g2^x, bound to `ctx`; returns c ‖ s (64 bytes). */
export function proveG2Possession(x: bigint, ctx: Uint8Array, rng: Rng = systemRng): Uint8Array {
  if (ctx.length !== 32) throw new LengthError("possession context", 32, ctx.length);
  const pk = encodeG2Eip2537(g2.multiply(x));
  for (;;) {
    const k = randomScalar(rng);
    const c = challenge(ctx, pk, encodeG2Eip2537(g2.multiply(k)));
    // The contract refuses c = 0 (it would prove nothing about pk); redraw k in that case.
    if (c !== 0n) return concatBytes(numberToBytesBE(c, SCALAR_BYTES), numberToBytesBE((k + c * x) % R_ORDER, SCALAR_BYTES));
  }
}

/** The contract's check, off chain: recompute T = g2^s − c·pk and the challenge. */
export function verifyG2Possession(pk: G2Point, ctx: Uint8Array, proof: Uint8Array): boolean {
  if (proof.length !== G2_POSSESSION_BYTES || ctx.length !== 32 || pk.is0()) return false;
  const c = bytesToNumberBE(proof.subarray(0, SCALAR_BYTES));
  const s = bytesToNumberBE(proof.subarray(SCALAR_BYTES));
  if (c === 0n || c >= R_ORDER || s >= R_ORDER) return false;
  const t = (s === 0n ? G2.ZERO : g2.multiplyUnsafe(s)).subtract(pk.multiplyUnsafe(c));
  return challenge(ctx, encodeG2Eip2537(pk), encodeG2Eip2537(t)) === c;
}
