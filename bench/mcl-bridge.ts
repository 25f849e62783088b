// The benchmark's converters between mcl-wasm and noble for BLS12-381, on the library's own crossing
// (reference/crypto/backend.ts: Ethereum/ZCash point encodings, GT by permuted Fp12 coefficients), so
// what is measured side by side is what the fast backend runs.
import mcl from "mcl-wasm";
import * as C from "../reference/crypto/index.ts";
import { mclCrossing, type MclCrossing } from "../reference/crypto/backend.ts";
import { BenchmarkError } from "./errors.ts";

let bridge: Bridge | undefined;
let ready: Promise<void> | undefined;
/** Initialise mcl as the library's fast backend does (reference/crypto/backend.ts), once per process. */
export function initMcl(): Promise<void> {
  ready ??= mclCrossing().then(
    (c) => void (bridge = new Bridge(c)),
    (e: unknown) => {
      throw new BenchmarkError(`mcl-wasm cannot be used: ${(e as Error).message}`);
    },
  );
  return ready;
}

/** Converters between the two libraries' representations (points by their compressed bytes). */
export class Bridge {
  constructor(private readonly c: MclCrossing) {}
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
    return this.c.gtFromMcl(x);
  }
  gtFromNoble(x: C.Gt): mcl.GT {
    return this.c.gtToMcl(x);
  }
}

/** The converters (after initMcl()). */
export function bridgeToNoble(): Bridge {
  if (!bridge) throw new BenchmarkError("mcl is not initialised: await initMcl() first");
  return bridge;
}
