// mcl-wasm (herumi's mcl compiled to WebAssembly) as a candidate pairing backend: the same BLS12-381
// operations and the same PRE algebra as reference/crypto, measured against noble in the same run,
// with a wire-level interoperability check (a ciphertext noble made, re-encrypted with mcl, opens
// with noble). Points cross between the libraries by their standard compressed encodings; GT
// elements by their Fp12 coefficients, whose order the two libraries lay out differently — the
// permutation is found from e(g1, g2) and then checked on a second, unrelated element.
import mcl from "mcl-wasm";
import { equalBytes } from "@noble/curves/utils.js";
import * as C from "../reference/crypto/index.ts";
import { Fp12Field } from "../reference/crypto/bls12.ts";
import { bridgeToNoble, initMcl } from "./mcl-bridge.ts";
import { op, sampleInterleaved, type Sampled, type SamplingPlan } from "./sampling.ts";

/** One operation in both backends. */
export interface BackendLine {
  name: string;
  noble: Sampled;
  mcl: Sampled;
  /** noble ÷ mcl by median CPU time (above 1: mcl faster) */
  speedup: number;
}

/** Result of the backend evaluation. */
export interface McBackendEvaluation {
  library: string;
  lines: BackendLine[];
  interop: { pointsAgree: boolean; pairingAgrees: boolean; nobleCiphertextReEncryptedByMclDecrypts: boolean };
  notes: string[];
}


/** Measures pairing, scalar multiplications, GT exponentiation, hashing and the PRE steps in both backends. */
export async function evaluateMcl(plan: SamplingPlan): Promise<McBackendEvaluation> {
  await initMcl();
  const rng = C.seededRng("MedExChain/bench/mcl");
  const scalar = () => C.randomScalar(rng);
  const bridge = bridgeToNoble();
  const mg1 = bridge.g1(C.g1);
  const mg2 = bridge.g2(C.g2);

  // Interoperability: points, a pairing of unrelated points, and a PRE ciphertext across backends.
  const k = scalar();
  const pointsAgree =
    equalBytes(mcl.mul(mg1, bridge.fr(k)).serialize(), C.encodeG1(C.g1.multiply(k))) && equalBytes(mcl.mul(mg2, bridge.fr(k)).serialize(), C.encodeG2(C.g2.multiply(k)));
  const p = C.g1.multiply(scalar());
  const q = C.g2.multiply(scalar());
  const pairingAgrees = Fp12Field.eql(bridge.gtToNoble(mcl.pairing(bridge.g1(p), bridge.g2(q))), C.pairing(p, q));
  const owner = C.preKeyGen(rng);
  const hb = C.preKeyGen(rng);
  const rk = C.preReKey(owner.sk, hb.pk.g2a2);
  const { ct, m } = C.preEncrypt(owner.pk, undefined, rng);
  const reByMcl: C.FirstLevelCiphertext = { level: 1, c1: bridge.gtToNoble(mcl.pairing(bridge.g1(ct.c1), bridge.g2(rk.rk))), c2: ct.c2 };
  const crossDecrypts = C.gtEq(C.preDecrypt1(hb.sk, reByMcl), m);

  const lines: BackendLine[] = [];
  const add = <A, B>(name: string, nobleF: (a: A) => unknown, nobleIn: () => A, mclF: (b: B) => unknown, mclIn: () => B) => {
    const [noble, m] = sampleInterleaved(plan, [op(nobleF, nobleIn), op(mclF, mclIn)]) as [Sampled, Sampled];
    lines.push({ name, noble, mcl: m, speedup: noble.cpuMedianMs / m.cpuMedianMs });
  };
  const g1s = () => C.g1.multiply(scalar());
  const g2s = () => C.g2.multiply(scalar());
  const gts = () => C.zFixedBase().pow(scalar());
  add("pairing", ([a, b]) => C.pairing(a, b), () => [g1s(), g2s()] as const, ([a, b]) => mcl.pairing(a, b), () => [bridge.g1(g1s()), bridge.g2(g2s())] as const);
  add("G1 variable-base multiplication", ([a, s]) => C.g1Mul(a, s), () => [g1s(), scalar()] as const, ([a, s]) => mcl.mul(a, s), () => [bridge.g1(g1s()), bridge.fr(scalar())] as const);
  add("G2 variable-base multiplication", ([a, s]) => C.g2Mul(a, s), () => [g2s(), scalar()] as const, ([a, s]) => mcl.mul(a, s), () => [bridge.g2(g2s()), bridge.fr(scalar())] as const);
  add("GT exponentiation (variable base)", ([x, s]) => C.gtPow(x, s), () => [gts(), scalar()] as const, ([x, s]) => mcl.pow(x, s), () => [bridge.gtFromNoble(gts()), bridge.fr(scalar())] as const);
  add("GT product", ([x, y]) => C.gtMul(x, y), () => [gts(), gts()] as const, ([x, y]) => mcl.mul(x, y), () => [bridge.gtFromNoble(gts()), bridge.gtFromNoble(gts())] as const);
  add("hash to G1", (b) => C.hashToDeviceG1(b), () => rng(64), (b) => mcl.hashAndMapToG1(b), () => rng(64));
  add("decode G1 (subgroup check)", (b) => C.decodeG1(b), () => C.encodeG1(g1s()), (b) => {
    const x = new mcl.G1();
    x.deserialize(b);
  }, () => C.encodeG1(g1s()));
  add("decode G2 (subgroup check)", (b) => C.decodeG2(b), () => C.encodeG2(g2s()), (b) => {
    const x = new mcl.G2();
    x.deserialize(b);
  }, () => C.encodeG2(g2s()));
  // The PRE steps, same algebra. mcl has no fixed-base GT table, so its encryption exponentiates Z
  // and z1 directly; noble's uses the tables the deployment keeps per patient.
  const mZ = bridge.gtFromNoble(C.gtGenerator());
  const mz1 = bridge.gtFromNoble(owner.pk.z1);
  const mrk = bridge.g2(rk.rk);
  const a2inv = bridge.fr(C.invertScalar(hb.sk.a2));
  const encryptor = C.preEncryptorFor(owner.pk);
  add("PRE encrypt", () => encryptor.encrypt(undefined, rng), () => undefined, ([t, r]) => {
    const msg = mcl.pow(mZ, t);
    return [mcl.mul(mg1, r), mcl.mul(msg, mcl.pow(mz1, r))];
  }, () => [bridge.fr(scalar()), bridge.fr(scalar())] as const);
  add("PRE re-key", (g) => C.preReKey(owner.sk, g), g2s, (g) => mcl.mul(g, bridge.fr(owner.sk.a1)), () => bridge.g2(g2s()));
  add("PRE re-encrypt", (c) => C.preReEncrypt(rk, c), () => encryptor.encrypt(undefined, rng).ct, (c1) => mcl.pairing(c1, mrk), () => bridge.g1(encryptor.encrypt(undefined, rng).ct.c1));
  add("PRE decrypt (first level)", (c) => C.preDecrypt1(hb.sk, c), () => C.preReEncrypt(rk, encryptor.encrypt(undefined, rng).ct), ([c1, c2]) => mcl.div(c2, mcl.pow(c1, a2inv)), () => {
    const c = C.preReEncrypt(rk, encryptor.encrypt(undefined, rng).ct);
    return [bridge.gtFromNoble(c.c1), bridge.gtFromNoble(c.c2)] as const;
  });
  return {
    library: "mcl-wasm (herumi/mcl, WebAssembly)",
    lines,
    interop: { pointsAgree, pairingAgrees, nobleCiphertextReEncryptedByMclDecrypts: crossDecrypts },
    notes: [
      "Timings exclude conversions between the libraries (inputs are converted before each sample).",
      "mcl's hash to G1 is its IRTF map-to mode with mcl's default domain tag, not the device signature's tag: same algorithm and cost, different outputs.",
    ],
  };
}
