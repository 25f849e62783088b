// The crossing between mcl-wasm and noble for BLS12-381: mcl initialised with the Ethereum/ZCash
// point encodings (so G1 and G2 cross by the same compressed bytes noble uses), and GT elements
// crossing by their Fp12 coefficients, which the two libraries lay out in different orders — the
// permutation is found from e(g1, g2) computed in both.
import mcl from "mcl-wasm";
import * as C from "../reference/crypto/index.ts";
import { Fp12Field } from "../reference/crypto/bls12.ts";
import { BenchmarkError } from "./errors.ts";

const COEFF_BYTES = 48;
const COEFFS = 12;

let ready: Promise<void> | undefined;
/** Initialise mcl for BLS12-381 with Ethereum/ZCash point encodings (once per process). */
export function initMcl(): Promise<void> {
  ready ??= (async () => {
    await mcl.init(mcl.BLS12_381);
    mcl.setETHserialization(true);
    mcl.setMapToMode(mcl.IRTF);
    mcl.verifyOrderG1(true);
    mcl.verifyOrderG2(true);
  })();
  return ready;
}

function chunks(b: Uint8Array): string[] {
  return Array.from({ length: COEFFS }, (_, i) => Buffer.from(b.subarray(i * COEFF_BYTES, (i + 1) * COEFF_BYTES)).toString("hex"));
}

/** The order in which mcl lays out noble's Fp12 coefficients: mclChunk[i] = nobleChunk[perm[i]]. */
function coefficientPermutation(mclBytes: Uint8Array, nobleBytes: Uint8Array): number[] {
  const m = chunks(mclBytes);
  const n = chunks(nobleBytes);
  const perm = m.map((c) => n.indexOf(c));
  if (perm.some((i) => i < 0) || new Set(perm).size !== COEFFS) throw new BenchmarkError("mcl's and noble's e(g1, g2) have different Fp12 coefficients");
  return perm;
}

/** Converters between the two libraries' representations. */
export class Bridge {
  constructor(private readonly perm: number[]) {}
  g1(p: C.G1Point): mcl.G1 {
    const x = new mcl.G1();
    x.deserialize(C.encodeG1(p));
    return x;
  }
  g2(q: C.G2Point): mcl.G2 {
    const x = new mcl.G2();
    x.deserialize(C.encodeG2(q));
    return x;
  }
  fr(k: bigint): mcl.Fr {
    const x = new mcl.Fr();
    x.setStr(k.toString());
    return x;
  }
  gtToNoble(x: mcl.GT): C.Gt {
    const m = x.serialize();
    const out = new Uint8Array(COEFFS * COEFF_BYTES);
    this.perm.forEach((j, i) => out.set(m.subarray(i * COEFF_BYTES, (i + 1) * COEFF_BYTES), j * COEFF_BYTES));
    return Fp12Field.fromBytes(out);
  }
  gtFromNoble(x: C.Gt): mcl.GT {
    const n = Fp12Field.toBytes(x);
    const out = new Uint8Array(COEFFS * COEFF_BYTES);
    this.perm.forEach((j, i) => out.set(n.subarray(j * COEFF_BYTES, (j + 1) * COEFF_BYTES), i * COEFF_BYTES));
    const g = new mcl.GT();
    g.deserialize(out);
    return g;
  }
}

let bridge: Bridge | undefined;
/** The converters (after initMcl()); the coefficient order is found once. */
export function bridgeToNoble(): Bridge {
  if (!bridge) {
    const p = new mcl.G1();
    p.deserialize(C.encodeG1(C.g1));
    const q = new mcl.G2();
    q.deserialize(C.encodeG2(C.g2));
    bridge = new Bridge(coefficientPermutation(mcl.pairing(p, q).serialize(), Fp12Field.toBytes(C.pairing(C.g1, C.g2))));
  }
  return bridge;
}
