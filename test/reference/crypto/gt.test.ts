import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BLS_Z, Fp12Field as F12, P_MODULUS, R_ORDER, gtGenerator, type Gt } from "../../../reference/crypto/bls12.ts";
import { GT_ONE, gtDiv, gtEq, gtInv, gtMul, gtPow, gtPowSlow, isCyclotomic, isInGt } from "../../../reference/crypto/gt.ts";
import { GtFixedBase } from "../../../reference/crypto/gt-table.ts";
import { decodeGt, encodeGt, GT_BYTES } from "../../../reference/crypto/gt-encoding.ts";
import { ArgumentError, CryptoError, FieldEncodingError, GtEncodingError, LengthError } from "../../../reference/crypto/errors.ts";

const Z = gtGenerator();
const scalar = fc.bigInt({ min: 0n, max: R_ORDER - 1n });

/** An element of the cyclotomic subgroup that is not in GT: the easy part of the final exponentiation of a field element. */
function cyclotomicNotGt(seed: number): Gt {
  const f = F12.fromBigTwelve(Array.from({ length: 12 }, (_, i) => BigInt(seed * 31 + i * 7 + 3)) as Parameters<typeof F12.fromBigTwelve>[0]);
  const t = F12.div(F12.frobeniusMap(f, 6), f);
  return F12.mul(F12.frobeniusMap(t, 2), t);
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

describe("GT membership", () => {
  it("rests on gcd(h_T, (z-1)^2/3) = 1 and p - z = (z-1)^2 r / 3 for BLS12-381", () => {
    const phi12 = P_MODULUS ** 4n - P_MODULUS ** 2n + 1n;
    expect(phi12 % R_ORDER).toBe(0n);
    expect(P_MODULUS - BLS_Z).toBe(((BLS_Z - 1n) ** 2n * R_ORDER) / 3n);
    expect(gcd(phi12 / R_ORDER, (BLS_Z - 1n) ** 2n / 3n)).toBe(1n);
  });

  it("accepts Z, its powers and the identity", () => {
    expect(isInGt(Z)).toBe(true);
    expect(isInGt(GT_ONE)).toBe(true);
    expect(isInGt(gtPow(Z, 123456789n))).toBe(true);
    expect(gtEq(F12.pow(Z, R_ORDER), GT_ONE)).toBe(true);
  });

  it("rejects cyclotomic elements outside GT, non-cyclotomic elements and zero", () => {
    for (let s = 1; s <= 3; s++) {
      const y = cyclotomicNotGt(s);
      expect(isCyclotomic(y)).toBe(true);
      expect(gtEq(F12.pow(y, R_ORDER), GT_ONE)).toBe(false);
      expect(isInGt(y)).toBe(false);
    }
    const raw = F12.fromBigTwelve([5n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n]);
    expect(isCyclotomic(raw)).toBe(false);
    expect(isInGt(raw)).toBe(false);
    expect(isInGt(F12.ZERO)).toBe(false);
  });
});

describe("GT arithmetic", () => {
  it("gtPow (Frobenius decomposition) agrees with square-and-multiply", () => {
    fc.assert(fc.property(scalar, (e) => gtEq(gtPow(Z, e), gtPowSlow(Z, e))), { numRuns: 10 });
  });

  it("gtPow handles the edge exponents 0, 1, r-1, r and negatives", () => {
    expect(gtEq(gtPow(Z, 0n), GT_ONE)).toBe(true);
    expect(gtEq(gtPow(Z, 1n), Z)).toBe(true);
    expect(gtEq(gtPow(Z, R_ORDER - 1n), gtInv(Z))).toBe(true);
    expect(gtEq(gtPow(Z, R_ORDER), GT_ONE)).toBe(true);
    expect(gtEq(gtPow(Z, -1n), gtInv(Z))).toBe(true);
    expect(gtEq(gtPow(Z, 2n), Z)).toBe(false);
  });

  it("inverse is the conjugate and division undoes multiplication", () => {
    const x = gtPow(Z, 77n);
    expect(gtEq(gtMul(x, gtInv(x)), GT_ONE)).toBe(true);
    expect(gtEq(gtDiv(gtMul(x, Z), Z), x)).toBe(true);
  });

  it("the fixed-base table agrees with square-and-multiply for every window size", () => {
    for (const w of [2, 5, 8]) {
      const table = new GtFixedBase(Z, w);
      fc.assert(fc.property(scalar, (e) => gtEq(table.pow(e), gtPowSlow(Z, e))), { numRuns: 5 });
      expect(gtEq(table.pow(R_ORDER - 1n), gtInv(Z))).toBe(true);
      expect(gtEq(table.pow(0n), GT_ONE)).toBe(true);
    }
  });

  it("rejects window sizes outside [2, 12]", () => {
    expect(() => new GtFixedBase(Z, 1)).toThrow(ArgumentError);
    expect(() => new GtFixedBase(Z, 13)).toThrow(ArgumentError);
  });
});

describe("GT encoding (torus T2)", () => {
  it("round-trips random GT elements and is 288 bytes", () => {
    fc.assert(
      fc.property(scalar, (e) => {
        const x = gtPow(Z, e);
        const bytes = encodeGt(x);
        expect(bytes.length).toBe(GT_BYTES);
        return gtEq(decodeGt(bytes, "x", { allowIdentity: true }), x);
      }),
      { numRuns: 10 },
    );
  });

  it("encodes the identity as zeros and refuses it unless allowed", () => {
    const zero = encodeGt(GT_ONE);
    expect(zero.every((b) => b === 0)).toBe(true);
    expect(gtEq(decodeGt(zero, "x", { allowIdentity: true }), GT_ONE)).toBe(true);
    expect(() => decodeGt(zero)).toThrow(GtEncodingError);
  });

  it("rejects wrong lengths", () => {
    const ok = encodeGt(Z);
    expect(() => decodeGt(ok.subarray(1))).toThrow(LengthError);
    expect(() => decodeGt(new Uint8Array(GT_BYTES + 1))).toThrow(LengthError);
  });

  it("rejects a coordinate equal to p (non-canonical field element)", () => {
    const bytes = encodeGt(Z);
    const pBytes = Uint8Array.from(Buffer.from(P_MODULUS.toString(16).padStart(96, "0"), "hex"));
    for (const i of [0, 5]) {
      const b = bytes.slice();
      b.set(pBytes, i * 48);
      expect(() => decodeGt(b)).toThrow(FieldEncodingError);
    }
  });

  it("rejects the torus encoding of a cyclotomic element outside GT", () => {
    const bytes = encodeGt(cyclotomicNotGt(1));
    expect(() => decodeGt(bytes)).toThrow(GtEncodingError);
  });

  it("rejects random and mutated strings with a typed error", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: GT_BYTES, maxLength: GT_BYTES }), (b) => {
        expect(() => decodeGt(b)).toThrow(CryptoError);
      }),
      { numRuns: 20 },
    );
    const valid = encodeGt(gtPow(Z, 99n));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: GT_BYTES - 1 }), fc.integer({ min: 1, max: 255 }), (i, flip) => {
        const b = valid.slice();
        b[i] ^= flip;
        expect(() => decodeGt(b)).toThrow(CryptoError);
      }),
      { numRuns: 20 },
    );
  });
});
