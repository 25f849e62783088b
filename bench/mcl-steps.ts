// Three party steps done with mcl-wasm, bytes in and bytes out, so they can stand in for the
// reference's at one party without the others noticing: the patient's re-key, the relay's
// re-encryption and hospital B's first-level decryption. Strict decoding is kept (same typed errors
// as reference/crypto: wrong length, not a canonical subgroup point, the identity); GT elements are
// decoded and encoded with the reference's torus compression, which mcl does not have, and cross to
// mcl by their coefficients. The noble steps they are measured against are the reference's own
// functions composed the same way.
import mcl from "mcl-wasm";
import * as C from "../reference/crypto/index.ts";
import { bridgeToNoble, initMcl } from "./mcl-bridge.ts";
import { op, sampleInterleaved, type Sampled, type SamplingPlan } from "./sampling.ts";

/** Strict G1 decoding in mcl: 48 bytes, compressed, on the curve, in the subgroup, not the identity. */
export function mclDecodeG1(bytes: Uint8Array, what = "G1 point"): mcl.G1 {
  if (bytes.length !== C.G1_BYTES) throw new C.LengthError(what, C.G1_BYTES, bytes.length);
  const p = new mcl.G1();
  try {
    p.deserialize(bytes);
  } catch (e) {
    throw new C.PointEncodingError(what, `mcl rejected it (${(e as Error).message})`);
  }
  if (p.isZero()) throw new C.PointEncodingError(what, "the point at infinity");
  return p;
}

/** Strict G2 decoding in mcl (96 bytes), as mclDecodeG1. */
export function mclDecodeG2(bytes: Uint8Array, what = "G2 point"): mcl.G2 {
  if (bytes.length !== C.G2_BYTES) throw new C.LengthError(what, C.G2_BYTES, bytes.length);
  const p = new mcl.G2();
  try {
    p.deserialize(bytes);
  } catch (e) {
    throw new C.PointEncodingError(what, `mcl rejected it (${(e as Error).message})`);
  }
  if (p.isZero()) throw new C.PointEncodingError(what, "the point at infinity");
  return p;
}

/** Patient: rk = (g2^b2)^a1 from the delegatee's encoded G2 part; returns the encoded re-key. */
export function mclReKeyStep(a1: bigint, delegateeG2: Uint8Array): Uint8Array {
  const b = bridgeToNoble();
  return mcl.mul(mclDecodeG2(delegateeG2, "delegatee key"), b.fr(a1)).serialize();
}

/** Relay: decode rk and the second-level ciphertext, pair, encode the first-level ciphertext. */
export function mclReEncryptStep(rkBytes: Uint8Array, secondLevel: Uint8Array): Uint8Array {
  if (secondLevel.length !== C.SECOND_LEVEL_CIPHERTEXT_BYTES) throw new C.LengthError("second-level ciphertext", C.SECOND_LEVEL_CIPHERTEXT_BYTES, secondLevel.length);
  const b = bridgeToNoble();
  const rk = mclDecodeG2(rkBytes, "re-encryption key");
  const c1 = mclDecodeG1(secondLevel.subarray(0, C.G1_BYTES), "ciphertext c1");
  const c2 = C.decodeGt(secondLevel.subarray(C.G1_BYTES), "ciphertext c2");
  return C.encodeFirstLevelCiphertext({ level: 1, c1: b.gtToNoble(mcl.pairing(c1, rk)), c2 });
}

/** Hospital B: m = c2 / c1^(1/a2) from the encoded first-level ciphertext. */
export function mclDecrypt1Step(a2: bigint, firstLevel: Uint8Array): C.Gt {
  const b = bridgeToNoble();
  const ct = C.decodeFirstLevelCiphertext(firstLevel);
  return b.gtToNoble(mcl.div(b.gtFromNoble(ct.c2), mcl.pow(b.gtFromNoble(ct.c1), b.fr(C.invertScalar(a2)))));
}

/** One step, bytes to bytes, in both backends. */
export interface StepLine {
  party: string;
  step: string;
  noble: Sampled;
  mcl: Sampled;
  speedup: number;
  /** the two backends produced the same bytes (or the same plaintext) */
  sameOutput: boolean;
}

/** Times the three steps in both backends on the same inputs and checks their outputs agree. */
export async function compareSteps(plan: SamplingPlan): Promise<StepLine[]> {
  await initMcl();
  const rng = C.seededRng("MedExChain/bench/mcl-steps");
  const owner = C.preKeyGen(rng);
  const hb = C.preKeyGen(rng);
  const hbG2 = C.encodeG2(hb.pk.g2a2);
  const rk = C.encodeReKey(C.preReKey(owner.sk, hb.pk.g2a2));
  const fresh = () => C.encodeSecondLevelCiphertext(C.preEncrypt(owner.pk, undefined, rng).ct);
  const nobleReEncrypt = (ct: Uint8Array) => C.encodeFirstLevelCiphertext(C.preReEncrypt(C.decodeReKey(rk), C.decodeSecondLevelCiphertext(ct)));
  const nobleDecrypt = (ct: Uint8Array) => C.preDecrypt1(hb.sk, C.decodeFirstLevelCiphertext(ct));
  const probe = fresh();
  const first = nobleReEncrypt(probe);
  const line = <S>(party: string, step: string, nobleF: (s: S) => unknown, mclF: (s: S) => unknown, prepare: () => S, sameOutput: boolean): StepLine => {
    const [noble, m] = sampleInterleaved(plan, [op(nobleF, prepare), op(mclF, prepare)]) as [Sampled, Sampled];
    return { party, step, noble, mcl: m, speedup: noble.cpuMedianMs / m.cpuMedianMs, sameOutput };
  };
  const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  return [
    line("P", "decode HB's key + re-key + encode", () => C.encodeReKey(C.preReKey(owner.sk, hbG2)), () => mclReKeyStep(owner.sk.a1, hbG2), () => undefined, eq(C.encodeReKey(C.preReKey(owner.sk, hbG2)), mclReKeyStep(owner.sk.a1, hbG2))),
    line("R", "decode rk + C, re-encrypt, encode", nobleReEncrypt, (ct: Uint8Array) => mclReEncryptStep(rk, ct), fresh, eq(first, mclReEncryptStep(rk, probe))),
    line("HB", "decode + first-level decrypt", nobleDecrypt, (ct: Uint8Array) => mclDecrypt1Step(hb.sk.a2, ct), () => nobleReEncrypt(fresh()), C.gtEq(nobleDecrypt(first), mclDecrypt1Step(hb.sk.a2, first))),
  ];
}
