// The pairing backend behind the PRE's hot operations: the relay's pairing (preReEncrypt), the
// patient's G2 multiplication (preReKey) and hospital B's GT exponentiation (preDecrypt1).
//
// noble (pure JavaScript) is the default and needs no initialisation, so the library stays usable
// synchronously. mcl-wasm (herumi's mcl in WebAssembly, 3–7× faster on these operations, see
// docs/benchmarks.md) is switched on by `await useFastBackend()`, which loads and initialises the
// wasm module once and keeps noble if it cannot. The seam is below the PRE functions: they take and
// return noble's types either way (points cross by affine coordinates, GT elements by their Fp12
// coefficients in mcl's order), all decoding — and so every typed error on malformed input — stays
// in noble, and the outputs are the same field elements, hence byte-identical encodings.
import { Fp12Field, Fp2Field, G2, g1, g2, pairing, R_ORDER, type G1Point, type G2Point, type Gt } from "./bls12.ts";
import { g2Mul } from "./endomorphism-mul.ts";
import { gtPow } from "./gt.ts";

type Mcl = typeof import("mcl-wasm");

/** The three operations the seam covers; every implementation takes and returns noble's types. */
export interface PairingBackend {
  readonly name: "noble" | "mcl-wasm";
  /** e(p, q) */
  pairing(p: G1Point, q: G2Point): Gt;
  /** q^k for q ∈ G2 */
  g2Mul(q: G2Point, k: bigint): G2Point;
  /** x^e for x ∈ GT */
  gtPow(x: Gt, e: bigint): Gt;
}

/** noble: the reference's own code (GLV/GLS multiplication and exponentiation). */
export const nobleBackend: PairingBackend = { name: "noble", pairing, g2Mul, gtPow };

const COEFF_BYTES = 48;
const COEFFS = 12;

type MclGt = InstanceType<Mcl["GT"]>;

/** mcl-wasm initialised for BLS12-381, and how its GT elements cross to noble's and back. */
export interface MclCrossing {
  readonly mcl: Mcl;
  /** A noble GT element as mcl's (same field element). */
  gtToMcl(x: Gt): MclGt;
  /** An mcl GT element as noble's (same field element). */
  gtFromMcl(x: MclGt): Gt;
}

const chunk = (b: Uint8Array, i: number) => b.subarray(i * COEFF_BYTES, (i + 1) * COEFF_BYTES);
const hex = (b: Uint8Array, i: number) => Buffer.from(chunk(b, i)).toString("hex");

let crossing: Promise<MclCrossing> | undefined;

/**
 * Load and initialise mcl-wasm once per process, with the Ethereum/ZCash point encodings (so G1 and G2
 * cross by the compressed bytes noble uses) and order checks on decoding. GT elements cross by their
 * Fp12 coefficients, which the two libraries lay out in different orders: the permutation is found
 * from e(g1, g2) computed in both. The benchmark's side-by-side measurements use the same crossing.
 */
export function mclCrossing(): Promise<MclCrossing> {
  crossing ??= (async () => {
    const mod = (await import("mcl-wasm")) as { default?: Mcl };
    const mcl = (mod.default ?? mod) as Mcl;
    await mcl.init(mcl.BLS12_381);
    mcl.setETHserialization(true);
    mcl.setMapToMode(mcl.IRTF);
    mcl.verifyOrderG1(true);
    mcl.verifyOrderG2(true);
    const p = new mcl.G1();
    p.setStr(`1 ${g1.toAffine().x.toString(16)} ${g1.toAffine().y.toString(16)}`, 16);
    const a = g2.toAffine();
    const q = new mcl.G2();
    q.setStr(`1 ${a.x.c0.toString(16)} ${a.x.c1.toString(16)} ${a.y.c0.toString(16)} ${a.y.c1.toString(16)}`, 16);
    const m = mcl.pairing(p, q).serialize();
    const n = Fp12Field.toBytes(pairing(g1, g2));
    const nChunks = Array.from({ length: COEFFS }, (_, i) => hex(n, i));
    // perm[i] = index in noble's Fp12 layout of mcl's i-th coefficient.
    const perm = Array.from({ length: COEFFS }, (_, i) => nChunks.indexOf(hex(m, i)));
    if (perm.some((i) => i < 0) || new Set(perm).size !== COEFFS) throw new Error("mcl's and noble's e(g1, g2) have different Fp12 coefficients");
    return {
      mcl,
      gtToMcl: (x: Gt) => {
        const nb = Fp12Field.toBytes(x);
        const out = new Uint8Array(COEFFS * COEFF_BYTES);
        perm.forEach((j, i) => out.set(chunk(nb, j), i * COEFF_BYTES));
        const g = new mcl.GT();
        g.deserialize(out);
        return g;
      },
      gtFromMcl: (x: MclGt) => {
        const mb = x.serialize();
        const out = new Uint8Array(COEFFS * COEFF_BYTES);
        perm.forEach((j, i) => out.set(chunk(mb, i), j * COEFF_BYTES));
        return Fp12Field.fromBytes(out);
      },
    };
  })();
  return crossing;
}

/** mcl-wasm, through its crossing to noble's types. */
function mclBackend({ mcl, gtToMcl: toGt, gtFromMcl: fromGt }: MclCrossing): PairingBackend {
  const fr = (k: bigint) => {
    const x = new mcl.Fr();
    x.setStr((((k % R_ORDER) + R_ORDER) % R_ORDER).toString(16), 16);
    return x;
  };
  const toG1 = (p: G1Point) => {
    const a = p.toAffine();
    const x = new mcl.G1();
    x.setStr(`1 ${a.x.toString(16)} ${a.y.toString(16)}`, 16);
    return x;
  };
  const toG2 = (q: G2Point) => {
    const a = q.toAffine();
    const x = new mcl.G2();
    x.setStr(`1 ${a.x.c0.toString(16)} ${a.x.c1.toString(16)} ${a.y.c0.toString(16)} ${a.y.c1.toString(16)}`, 16);
    return x;
  };
  const fromG2 = (x: InstanceType<Mcl["G2"]>): G2Point => {
    if (x.isZero()) return G2.ZERO;
    x.normalize();
    const [, xa, xb, ya, yb] = x.getStr(16).split(" ").map((s: string) => BigInt(`0x${s}`));
    return G2.fromAffine({ x: Fp2Field.create({ c0: xa!, c1: xb! }), y: Fp2Field.create({ c0: ya!, c1: yb! }) });
  };
  return {
    name: "mcl-wasm",
    // The identity has no affine form: it goes to noble, which behaves as without the seam.
    pairing: (p, q) => (p.is0() || q.is0() ? pairing(p, q) : fromGt(mcl.pairing(toG1(p), toG2(q)))),
    g2Mul: (q, k) => (q.is0() ? g2Mul(q, k) : fromG2(mcl.mul(toG2(q), fr(k)))),
    gtPow: (x, e) => fromGt(mcl.pow(toGt(x), fr(e))),
  };
}

let active: PairingBackend = nobleBackend;
let fast: Promise<PairingBackend | undefined> | undefined;

/** The backend the PRE's hot operations use now. */
export function pairingBackend(): PairingBackend {
  return active;
}

/** Back to noble (tests; a caller that wants pure JavaScript). */
export function useNobleBackend(): void {
  active = nobleBackend;
}

/** Use a given backend (one pairingBackend() returned earlier; for side-by-side measurement). */
export function setPairingBackend(b: PairingBackend): void {
  active = b;
}

async function loadMcl(): Promise<PairingBackend | undefined> {
  try {
    const backend = mclBackend(await mclCrossing());
    // Check on unrelated inputs before trusting it: a pairing, a G2 multiplication, a GT power.
    const s = 0x1d5f3a7c9e0b2468acef13579bdf0246n;
    const t = 0x2b4d6f8091a3c5e7f0123456789abcden;
    const P = g1.multiply(t);
    const Q = g2.multiply(s);
    const e = pairing(P, Q);
    const ok =
      Fp12Field.eql(backend.pairing(P, Q), e) && backend.g2Mul(Q, t).equals(g2Mul(Q, t)) && Fp12Field.eql(backend.gtPow(e, s), gtPow(e, s));
    return ok ? backend : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Switches the hot operations to mcl-wasm (initialised once per process). Resolves true if mcl is
 * in use, false if it could not be loaded or failed its self-check (noble stays in use).
 */
export async function useFastBackend(): Promise<boolean> {
  fast ??= loadMcl();
  const b = await fast;
  if (b) active = b;
  return b !== undefined;
}
