// Primitive operations of the reference cryptography (noble BLS12-381, secp256k1, Ed25519, ChaCha20-
// Poly1305, HKDF, SHA-256, keccak), each timed with fresh inputs per sample so no result is cached.
// Every cost model in this benchmark is a sum of these lines, so they carry stable keys.
import { bytesToHex, type Address } from "viem";
import * as C from "../reference/crypto/index.ts";
import { checkProof, committeeProofFromKeys } from "../reference/chains/relay-proof.ts";
import { BenchmarkError } from "./errors.ts";
import { op, sampleInterleaved, type Sampled, type SamplingPlan, type TimedOp } from "./sampling.ts";

/** Stable names of the primitive operations (the op-count formulas refer to them). */
export const PRIMITIVES = {
  pairing: "pairing e(P, Q) (Miller loop + final exponentiation)",
  g1MulFixed: "G1 fixed-base multiplication g1^k (noble precomputed base)",
  g1MulVar: "G1 variable-base multiplication P^k (GLV)",
  g2MulFixed: "G2 fixed-base multiplication g2^k",
  g2MulVar: "G2 variable-base multiplication Q^k (GLS)",
  gtPowFixed: "GT fixed-base exponentiation (8-bit window table)",
  gtPowVar: "GT variable-base exponentiation (GLS)",
  gtMul: "GT (Fp12) product",
  gtDiv: "GT division (inverse + product)",
  hashToG1: "hash to G1 (RFC 9380 SSWU)",
  blsSign: "device BLS sign (hash to G1 + G1 multiplication)",
  blsVerify: "device BLS verify (two Miller loops, one final exponentiation)",
  ecdsaSign: "secp256k1 ECDSA sign (recoverable, chain A)",
  ecdsaRecover: "secp256k1 ecrecover (chain A signature check)",
  ed25519Sign: "Ed25519 sign (chain B)",
  ed25519Verify: "Ed25519 verify (chain B)",
  committeeSign: "relay committee proof, t = 2 ECDSA signatures",
  committeeVerify: "relay committee proof check, t = 2 ecrecover of n = 3",
  aeadSealKiB: "ChaCha20-Poly1305 seal, per KiB",
  aeadOpenKiB: "ChaCha20-Poly1305 open, per KiB",
  kdf: "HKDF-SHA256 data key from m ∈ GT",
  sha256KiB: "SHA-256 (blob hash / CID), per KiB",
  keccak256: "keccak-256 of a 256-byte payload (signature digests, audit entries)",
  decodeG1: "decode G1 (48 B, subgroup check)",
  decodeG2: "decode G2 (96 B, subgroup check)",
  decodeGt: "decode GT (288 B compressed, subgroup check)",
  encodeGt: "encode GT (compression to 288 B)",
  preEncrypt: "PRE encrypt, fresh m (1 G1 fixed + 2 GT fixed exps)",
  preEncryptOnline: "PRE encrypt online from a precomputed triple (1 GT product)",
  rerandomise: "CRF re-randomisation (1 G1 fixed + 1 GT fixed, 1 G1 add, 1 GT product)",
  preReKey: "pre-fix PRE re-key rk = (g2^b2)^a1 (1 G2 variable mul)",
  preGrantKey: "record-bound grant (d, u) = (e(c1^a1, g2)·Z^-ρ, (g2^b2)^ρ) (1 G1 mul + 1 pairing + 1 GT fixed exp + 1 G2 mul)",
  preReEncryptRecord: "record-bound re-encrypt (e(g1, u), c2/d) (1 pairing + 1 GT division)",
  preReEncrypt: "PRE re-encrypt (1 pairing)",
  preDecrypt1: "PRE first-level decrypt (1 GT variable exp + 1 GT division)",
  preDecrypt2: "PRE second-level decrypt (1 G1 mul + 1 pairing + 1 GT division)",
} as const;

export type PrimitiveName = keyof typeof PRIMITIVES;

/** One measured primitive. */
export interface PrimitiveLine extends Sampled {
  name: PrimitiveName;
  description: string;
}

/** Measures every primitive of PRIMITIVES with the given plan. */
export function measurePrimitives(plan: SamplingPlan): PrimitiveLine[] {
  const rng = C.seededRng("MedExChain/bench/primitives");
  const scalar = () => C.randomScalar(rng);
  const patient = C.preKeyGen(rng);
  const hb = C.preKeyGen(rng);
  const encryptor = C.preEncryptorFor(patient.pk);
  const zTable = C.zFixedBase();
  const device = C.deviceKeyGen(rng);
  const eth = C.ethKeyGen(rng);
  const ed = C.edKeyGen(rng);
  const committee = [C.ethKeyGen(rng), C.ethKeyGen(rng), C.ethKeyGen(rng)].map((k) => ({ sk: k.sk, address: k.address }));
  const addresses = committee.map((c) => c.address as Address);
  const payload = rng(256);
  const context = { patient: eth.address, record: "bench", device: "bench" };
  const key = rng(32);
  const ad = rng(16);
  const fresh = () => encryptor.encrypt(undefined, rng);
  const digestOf = () => C.keccak256(rng(32));
  const digestHexOf = () => bytesToHex(digestOf());
  const rk = C.preReKey(patient.sk, hb.pk.g2a2);

  const specs: { name: PrimitiveName; op: TimedOp }[] = [];
  const add = <S>(name: PrimitiveName, f: (s: S) => unknown, prepare: () => S) => specs.push({ name, op: op(f, prepare) });
  add("pairing", ([p, q]) => C.pairing(p, q), () => [C.g1.multiply(scalar()), C.g2.multiply(scalar())] as const);
  add("g1MulFixed", (k) => C.g1.multiply(k), scalar);
  add("g1MulVar", ([p, k]) => C.g1Mul(p, k), () => [C.g1.multiply(scalar()), scalar()] as const);
  add("g2MulFixed", (k) => C.g2.multiply(k), scalar);
  add("g2MulVar", ([q, k]) => C.g2Mul(q, k), () => [C.g2.multiply(scalar()), scalar()] as const);
  add("gtPowFixed", (k) => zTable.pow(k), scalar);
  add("gtPowVar", ([x, k]) => C.gtPow(x, k), () => [zTable.pow(scalar()), scalar()] as const);
  add("gtMul", ([x, y]) => C.gtMul(x, y), () => [zTable.pow(scalar()), zTable.pow(scalar())] as const);
  add("gtDiv", ([x, y]) => C.gtDiv(x, y), () => [zTable.pow(scalar()), zTable.pow(scalar())] as const);
  add("hashToG1", (m) => C.hashToDeviceG1(m), () => rng(64));
  add("blsSign", (m) => C.deviceSign(device.sk, m), () => rng(64));
  add("blsVerify", ([m, s]) => C.deviceVerify(device.pk, m, s), () => {
    const m = rng(64);
    return [m, C.deviceSign(device.sk, m)] as const;
  });
  add("ecdsaSign", (d) => C.ethSign(eth.sk, d), digestOf);
  add("ecdsaRecover", ([d, s]) => C.ethRecover(d, s), () => {
    const d = digestOf();
    return [d, C.ethSign(eth.sk, d)] as const;
  });
  add("ed25519Sign", (m) => C.edSign(ed.sk, m), () => rng(200));
  add("ed25519Verify", ([m, s]) => C.edVerify(ed.pk, m, s), () => {
    const m = rng(200);
    return [m, C.edSign(ed.sk, m)] as const;
  });
  add("committeeSign", (d) => committeeProofFromKeys(committee.slice(0, 2), d), digestHexOf);
  add("committeeVerify", ([d, p]) => checkProof(d, p, addresses, 2), () => {
    const d = digestHexOf();
    return [d, committeeProofFromKeys(committee.slice(0, 2), d)] as const;
  });
  add("aeadSealKiB", (pt) => C.sealBlob(key, pt, ad), () => rng(1024));
  add("aeadOpenKiB", (blob) => C.openBlob(key, blob, ad), () => C.sealBlob(key, rng(1024), ad));
  add("kdf", (m) => C.dataKeyFrom(m, context), () => zTable.pow(scalar()));
  add("sha256KiB", (b) => C.blobHash(b), () => rng(1024));
  add("keccak256", (b) => C.keccak256(b), () => rng(payload.length));
  add("decodeG1", (b) => C.decodeG1(b), () => C.encodeG1(C.g1.multiply(scalar())));
  add("decodeG2", (b) => C.decodeG2(b), () => C.encodeG2(C.g2.multiply(scalar())));
  add("decodeGt", (b) => C.decodeGt(b), () => C.encodeGt(zTable.pow(scalar())));
  add("encodeGt", (x) => C.encodeGt(x), () => zTable.pow(scalar()));
  add("preEncrypt", () => encryptor.encrypt(undefined, rng), () => undefined);
  add("preEncryptOnline", () => encryptor.encrypt(undefined, rng), () => encryptor.precompute(1, rng));
  add("rerandomise", (ct) => C.rerandomise(ct, encryptor, rng), () => fresh().ct);
  add("preReKey", (q) => C.preReKey(patient.sk, q), () => C.g2.multiply(scalar()));
  add("preReEncrypt", (ct) => C.preReEncrypt(rk, ct), () => fresh().ct);
  add("preGrantKey", (ct) => C.preGrantKey(patient.sk, ct, hb.pk.g2a2, rng), () => fresh().ct);
  add("preReEncryptRecord", ([g, ct]) => C.preReEncryptRecord(g, ct), () => {
    const ct = fresh().ct;
    return [C.preGrantKey(patient.sk, ct, hb.pk.g2a2, rng), ct] as const;
  });
  add("preDecrypt1", (ct) => C.preDecrypt1(hb.sk, ct), () => C.preReEncrypt(rk, fresh().ct));
  add("preDecrypt2", (ct) => C.preDecrypt2(patient.sk, ct), () => fresh().ct);
  const sampled = sampleInterleaved(plan, specs.map((s) => s.op));
  return specs.map((s, i) => ({ name: s.name, description: PRIMITIVES[s.name], ...sampled[i]! }));
}

/** The median CPU time of a primitive, by name (the figure every cost model sums). */
export function primitiveMs(lines: readonly PrimitiveLine[], name: PrimitiveName): number {
  const l = lines.find((x) => x.name === name);
  if (!l) throw new BenchmarkError(`primitive "${name}" was not measured`);
  return l.cpuMedianMs;
}
