// The mcl-wasm party steps against the reference's: same bytes out for the same bytes in, and the
// same typed refusals of malformed points (the cases test/reference/crypto/points.test.ts pins for noble).
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { numberToBytesBE } from "@noble/curves/utils.js";
import * as C from "../../reference/crypto/index.ts";
import { Fp, Fp2Field, G1, G2, P_MODULUS } from "../../reference/crypto/bls12.ts";
import { initMcl } from "../../bench/mcl-bridge.ts";
import { mclDecodeG1, mclDecodeG2, mclDecrypt1Step, mclReEncryptStep, mclReKeyStep } from "../../bench/mcl-steps.ts";

beforeAll(async () => {
  await initMcl();
});

function g1Bytes(x: bigint): Uint8Array {
  const b = numberToBytesBE(x, 48);
  b[0]! |= 0x80;
  return b;
}

function findX(start: bigint, wanted: boolean): bigint {
  for (let x = start; ; x++) {
    let square = true;
    try {
      Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n));
    } catch {
      square = false;
    }
    if (square === wanted) return x;
  }
}

/** Compressed bytes of a point on the G2 twist outside the order-r subgroup. */
function g2OutsideSubgroup(): Uint8Array {
  for (let c0 = 1n; ; c0++) {
    const x = { c0, c1: 0n };
    let y;
    try {
      y = Fp2Field.sqrt(Fp2Field.add(Fp2Field.pow(x, 3n), { c0: 4n, c1: 4n }));
    } catch {
      continue;
    }
    if (G2.fromAffine({ x, y }).isTorsionFree()) continue;
    const bytes = new Uint8Array(96);
    bytes.set(numberToBytesBE(x.c1, 48), 0);
    bytes.set(numberToBytesBE(x.c0, 48), 48);
    bytes[0]! |= 0x80;
    return bytes;
  }
}

/** The error class a decoder throws (or "ok"). */
function outcome(f: () => unknown): string {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as Error).constructor.name;
  }
}

describe("mcl-wasm party steps", () => {
  const rng = C.seededRng("test/bench/mcl-steps");

  it("re-key and re-encryption give the reference's bytes; decryption its plaintext", () => {
    for (let i = 0; i < 3; i++) {
      const owner = C.preKeyGen(rng);
      const hb = C.preKeyGen(rng);
      const hbG2 = C.encodeG2(hb.pk.g2a2);
      const rk = C.encodeReKey(C.preReKey(owner.sk, hbG2));
      expect(mclReKeyStep(owner.sk.a1, hbG2)).toEqual(rk);
      const { ct, m } = C.preEncrypt(owner.pk, undefined, rng);
      const second = C.encodeSecondLevelCiphertext(ct);
      const first = C.encodeFirstLevelCiphertext(C.preReEncrypt(C.decodeReKey(rk), C.decodeSecondLevelCiphertext(second)));
      expect(mclReEncryptStep(rk, second)).toEqual(first);
      expect(C.gtEq(mclDecrypt1Step(hb.sk.a2, first), m)).toBe(true);
    }
  });

  it("refuses what the reference refuses, with the same error classes", () => {
    const onCurve = findX(1n, true);
    const y = Fp.sqrt(Fp.add(Fp.pow(onCurve, 3n), 4n))!;
    expect(G1.fromAffine({ x: onCurve, y }).isTorsionFree()).toBe(false);
    const noFlag = C.encodeG1(G1.BASE).slice();
    noFlag[0]! &= 0x7f;
    const g1Cases = [C.encodeG1(G1.BASE).subarray(1), G1.ZERO.toBytes(true), g1Bytes(findX(1n, false)), g1Bytes(onCurve), g1Bytes(P_MODULUS), noFlag, G1.BASE.toBytes(false)];
    for (const b of g1Cases) {
      const ref = outcome(() => C.decodeG1(b));
      expect(ref).not.toBe("ok");
      expect(outcome(() => mclDecodeG1(b))).toBe(ref);
    }
    const g2Cases = [C.encodeG2(G2.BASE).subarray(0, 95), G2.ZERO.toBytes(true), g2OutsideSubgroup()];
    for (const b of g2Cases) {
      const ref = outcome(() => C.decodeG2(b));
      expect(ref).not.toBe("ok");
      expect(outcome(() => mclDecodeG2(b))).toBe(ref);
    }
  });

  it("random and mutated encodings: mcl accepts exactly what the reference accepts, as the same point", () => {
    const valid1 = C.encodeG1(C.g1.multiply(C.randomScalar(rng)));
    const valid2 = C.encodeG2(C.g2.multiply(C.randomScalar(rng)));
    for (const [len, valid, ref, mine] of [
      [48, valid1, (b: Uint8Array) => C.encodeG1(C.decodeG1(b)), (b: Uint8Array) => mclDecodeG1(b).serialize()],
      [96, valid2, (b: Uint8Array) => C.encodeG2(C.decodeG2(b)), (b: Uint8Array) => mclDecodeG2(b).serialize()],
    ] as const) {
      const bytes = fc.oneof(
        fc.uint8Array({ minLength: len, maxLength: len }),
        fc.tuple(fc.nat(len - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
          const b = valid.slice();
          b[i]! ^= x;
          return b;
        }),
      );
      fc.assert(
        fc.property(bytes, (b) => {
          const a = outcome(() => ref(b));
          expect(outcome(() => mine(b))).toBe(a);
          if (a === "ok") expect(mine(b)).toEqual(ref(b));
        }),
        { numRuns: 40 },
      );
    }
  });
});
