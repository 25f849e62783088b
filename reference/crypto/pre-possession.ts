// Proof of possession for PRE public keys: a Schnorr proof of knowledge of (a1, a2) with
// pk = (Z^a1, g2^a2), bound to the key owner's identity. Without it a party could register
// someone else's g2^b2 as its own on its chain; a patient granting to it would then in fact
// be delegating to the key's real owner. Checked once, when a key is certified, not per share.
import { sha512 } from "@noble/hashes/sha2.js";
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { g2, R_ORDER } from "./bls12.ts";
import { encodeGt } from "./gt-encoding.ts";
import { encodeG2 } from "./points.ts";
import { GT_ONE, gtDiv, gtEq, gtPow } from "./gt.ts";
import { randomScalar, SCALAR_BYTES } from "./scalar.ts";
import { systemRng, type Rng } from "./rng.ts";
import { encodePrePublicKey } from "./pre-encoding.ts";
import { zFixedBase, type PrePublicKey, type PreSecretKey } from "./pre.ts";
import { LengthError, ScalarEncodingError } from "./errors.ts";

/** Bytes of an encoded possession proof: challenge ‖ s1 ‖ s2. */
export const POSSESSION_PROOF_BYTES = 3 * SCALAR_BYTES; // 96

/** Schnorr proof (c, s1, s2), each in [0, r). */
export interface PossessionProof {
  c: bigint;
  s1: bigint;
  s2: bigint;
}

const LABEL = utf8ToBytes("MedExChain/v1/pre-possession");

function challenge(identity: Uint8Array, pk: PrePublicKey, t1Bytes: Uint8Array, t2Bytes: Uint8Array): bigint {
  const len = new Uint8Array([identity.length >> 8, identity.length & 0xff]);
  const digest = sha512(concatBytes(LABEL, len, identity, encodePrePublicKey(pk), t1Bytes, t2Bytes));
  return bytesToNumberBE(digest) % R_ORDER;
}

/** Proves knowledge of sk for pk, bound to `identity` (e.g. the chain and account that registers the key). */
export function provePossession(sk: PreSecretKey, pk: PrePublicKey, identity: Uint8Array, rng: Rng = systemRng): PossessionProof {
  const k1 = randomScalar(rng);
  const k2 = randomScalar(rng);
  const t1 = zFixedBase().pow(k1);
  const t2 = g2.multiply(k2);
  const c = challenge(identity, pk, encodeGt(t1), encodeG2(t2));
  return { c, s1: (k1 + c * sk.a1) % R_ORDER, s2: (k2 + c * sk.a2) % R_ORDER };
}

/** Checks a possession proof: recomputes T1 = Z^s1 / z1^c and T2 = g2^s2 − c·g2a2 and the challenge. */
export function verifyPossession(pk: PrePublicKey, identity: Uint8Array, proof: PossessionProof): boolean {
  const { c, s1, s2 } = proof;
  if ([c, s1, s2].some((x) => x < 0n || x >= R_ORDER)) return false;
  const t1 = gtDiv(zFixedBase().pow(s1), gtPow(pk.z1, c));
  const t2 = g2.multiplyUnsafe(s2).subtract(pk.g2a2.multiplyUnsafe(c));
  if (t2.is0() || gtEq(t1, GT_ONE)) return false;
  return challenge(identity, pk, encodeGt(t1), encodeG2(t2)) === c;
}

/** c ‖ s1 ‖ s2, 96 bytes. */
export function encodePossessionProof(p: PossessionProof): Uint8Array {
  return concatBytes(numberToBytesBE(p.c, SCALAR_BYTES), numberToBytesBE(p.s1, SCALAR_BYTES), numberToBytesBE(p.s2, SCALAR_BYTES));
}

/** Inverse of encodePossessionProof; each component must be below r (zero is allowed: they are uniform). */
export function decodePossessionProof(bytes: Uint8Array): PossessionProof {
  if (!(bytes instanceof Uint8Array) || bytes.length !== POSSESSION_PROOF_BYTES) {
    throw new LengthError("PossessionProof", POSSESSION_PROOF_BYTES, bytes instanceof Uint8Array ? bytes.length : -1);
  }
  const parts = [0, 1, 2].map((i) => bytesToNumberBE(bytes.subarray(i * SCALAR_BYTES, (i + 1) * SCALAR_BYTES)));
  parts.forEach((x, i) => {
    if (x >= R_ORDER) throw new ScalarEncodingError(`PossessionProof[${i}]`, "value is not below the group order r");
  });
  return { c: parts[0]!, s1: parts[1]!, s2: parts[2]! };
}
