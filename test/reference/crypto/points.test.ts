import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { numberToBytesBE } from "@noble/curves/utils.js";
import { Fp, Fp2Field, G1, G2, P_MODULUS, R_ORDER } from "../../../reference/crypto/bls12.ts";
import { decodeG1, decodeG2, encodeG1, encodeG2, G1_BYTES, G2_BYTES } from "../../../reference/crypto/points.ts";
import { decodeScalar, encodeScalar, invertScalar, randomExponent, randomScalar } from "../../../reference/crypto/scalar.ts";
import { g1Mul, g1Phi, g2Mul, g2Psi } from "../../../reference/crypto/endomorphism-mul.ts";
import { seededRng } from "../../../reference/crypto/rng.ts";
import { BLS_Z } from "../../../reference/crypto/bls12.ts";
import { CryptoError, LengthError, PointEncodingError, ScalarEncodingError } from "../../../reference/crypto/errors.ts";

const scalar = fc.bigInt({ min: 1n, max: R_ORDER - 1n });

/** Compressed G1 bytes for x with the compression flag set (no subgroup or curve guarantee). */
function g1Bytes(x: bigint): Uint8Array {
  const b = numberToBytesBE(x, 48);
  b[0]! |= 0x80;
  return b;
}

/** Smallest x ≥ start for which x³ + 4 is (wanted ? a square : a non-square) in Fp. */
function findX(start: bigint, wanted: boolean): bigint {
  for (let x = start; ; x++) {
    let isSquare = true;
    try {
      Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n));
    } catch {
      isSquare = false;
    }
    if (isSquare === wanted) return x;
  }
}

describe("scalars", () => {
  it("round-trip and reject 0, r and above", () => {
    fc.assert(fc.property(scalar, (x) => decodeScalar(encodeScalar(x)) === x), { numRuns: 50 });
    expect(() => decodeScalar(new Uint8Array(32))).toThrow(ScalarEncodingError);
    expect(() => decodeScalar(numberToBytesBE(R_ORDER, 32))).toThrow(ScalarEncodingError);
    expect(() => decodeScalar(new Uint8Array(32).fill(0xff))).toThrow(ScalarEncodingError);
    expect(() => decodeScalar(new Uint8Array(31))).toThrow(LengthError);
    expect(() => encodeScalar(0n)).toThrow(ScalarEncodingError);
  });

  it("sampling is deterministic under a seeded rng and in range", () => {
    const a = randomScalar(seededRng("s"));
    expect(randomScalar(seededRng("s"))).toBe(a);
    expect(randomScalar(seededRng("t"))).not.toBe(a);
    for (let i = 0; i < 50; i++) {
      const x = randomScalar();
      expect(x >= 1n && x < R_ORDER).toBe(true);
      const y = randomExponent();
      expect(y >= 0n && y < R_ORDER).toBe(true);
    }
  });

  it("inverts modulo r and refuses zero", () => {
    fc.assert(fc.property(scalar, (x) => (x * invertScalar(x)) % R_ORDER === 1n), { numRuns: 20 });
    expect(() => invertScalar(0n)).toThrow(ScalarEncodingError);
  });
});

describe("endomorphism multiplication", () => {
  it("φ acts on G1 as [z²−1] and ψ on G2 as [z]", () => {
    const p = G1.BASE.multiply(12345n);
    expect(g1Phi(p).equals(p.multiply((BLS_Z * BLS_Z - 1n) % R_ORDER))).toBe(true);
    const q = G2.BASE.multiply(6789n);
    expect(g2Psi(q).equals(q.multiply(((BLS_Z % R_ORDER) + R_ORDER) % R_ORDER))).toBe(true);
  });

  it("g1Mul and g2Mul agree with noble's constant-time multiply", () => {
    const p = G1.BASE.multiply(99n);
    const q = G2.BASE.multiply(77n);
    fc.assert(fc.property(scalar, (k) => g1Mul(p, k).equals(p.multiply(k)) && g2Mul(q, k).equals(q.multiply(k))), { numRuns: 10 });
    expect(g1Mul(p, 0n).is0()).toBe(true);
    expect(g2Mul(q, R_ORDER).is0()).toBe(true);
    expect(g1Mul(p, -1n).equals(p.negate())).toBe(true);
    expect(g2Mul(q, 2n).equals(q)).toBe(false);
  });
});

describe("G1 / G2 encodings", () => {
  it("round-trip at 48 and 96 bytes", () => {
    fc.assert(
      fc.property(scalar, (k) => {
        const p = G1.BASE.multiply(k);
        const q = G2.BASE.multiply(k);
        const pb = encodeG1(p);
        const qb = encodeG2(q);
        expect(pb.length).toBe(G1_BYTES);
        expect(qb.length).toBe(G2_BYTES);
        return decodeG1(pb).equals(p) && decodeG2(qb).equals(q);
      }),
      { numRuns: 10 },
    );
  });

  it("reject wrong lengths and missing compression flag", () => {
    const pb = encodeG1(G1.BASE);
    expect(() => decodeG1(pb.subarray(1))).toThrow(LengthError);
    expect(() => decodeG2(encodeG2(G2.BASE).subarray(0, 95))).toThrow(LengthError);
    const noFlag = pb.slice();
    noFlag[0]! &= 0x7f;
    expect(() => decodeG1(noFlag)).toThrow(PointEncodingError);
    expect(() => decodeG1(G1.BASE.toBytes(false))).toThrow(LengthError);
  });

  it("reject the point at infinity unless allowed, and refuse to encode it", () => {
    const inf1 = G1.ZERO.toBytes(true);
    expect(() => decodeG1(inf1)).toThrow(PointEncodingError);
    expect(decodeG1(inf1, "x", { allowIdentity: true }).is0()).toBe(true);
    expect(() => decodeG2(G2.ZERO.toBytes(true))).toThrow(PointEncodingError);
    expect(() => encodeG1(G1.ZERO)).toThrow(PointEncodingError);
    expect(() => encodeG2(G2.ZERO)).toThrow(PointEncodingError);
  });

  it("reject an x off the curve, a point outside the subgroup, and x ≥ p", () => {
    expect(() => decodeG1(g1Bytes(findX(1n, false)))).toThrow(PointEncodingError);
    const onCurve = findX(1n, true);
    const y = Fp.sqrt(Fp.add(Fp.pow(onCurve, 3n), 4n))!;
    expect(G1.fromAffine({ x: onCurve, y }).isTorsionFree()).toBe(false);
    expect(() => decodeG1(g1Bytes(onCurve))).toThrow(PointEncodingError);
    expect(() => decodeG1(g1Bytes(P_MODULUS))).toThrow(PointEncodingError);
    // G2: a point on the twist E'(Fp2) outside the order-r subgroup (the cofactor is huge, so almost any is)
    for (let c0 = 1n; ; c0++) {
      const x = { c0, c1: 0n };
      let y;
      try {
        y = Fp2Field.sqrt(Fp2Field.add(Fp2Field.pow(x, 3n), { c0: 4n, c1: 4n }));
      } catch {
        continue;
      }
      expect(G2.fromAffine({ x, y }).isTorsionFree()).toBe(false);
      const bytes = new Uint8Array(96);
      bytes.set(numberToBytesBE(x.c1, 48), 0);
      bytes.set(numberToBytesBE(x.c0, 48), 48);
      bytes[0]! |= 0x80;
      expect(() => decodeG2(bytes)).toThrow(PointEncodingError);
      break;
    }
  });

  it("random bytes and mutations never decode to a non-canonical point", () => {
    for (const [len, decode, encode] of [
      [G1_BYTES, decodeG1, encodeG1],
      [G2_BYTES, decodeG2, encodeG2],
    ] as const) {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: len, maxLength: len }), (b) => {
          try {
            const p = (decode as (b: Uint8Array) => Parameters<typeof encode>[0])(b);
            expect((encode as (p: unknown) => Uint8Array)(p)).toEqual(b);
          } catch (e) {
            expect(e).toBeInstanceOf(CryptoError);
          }
        }),
        { numRuns: 20 },
      );
    }
  });
});
