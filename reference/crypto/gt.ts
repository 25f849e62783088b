// Arithmetic in GT, the order-r subgroup of Fp12*: product, inverse (a conjugation, since GT lies
// in the cyclotomic subgroup), a sound membership test, and exponentiation by a variable base
// accelerated with the Frobenius endomorphism (x^p = x^z on GT, so a 255-bit exponent splits into
// four 64-bit ones: Galbraith–Lin–Scott in GT).
import { BLS_Z, Fp12Field as F12, R_ORDER, type Gt } from "./bls12.ts";

const U = -BLS_Z; // |z|, 64 bits

/** The identity of GT. */
export const GT_ONE: Gt = F12.ONE;

/** Product in GT. */
export function gtMul(a: Gt, b: Gt): Gt {
  return F12.mul(a, b);
}

/** Inverse in GT: the conjugate x^(p^6), valid because every GT element has norm 1 over Fp6. */
export function gtInv(a: Gt): Gt {
  return F12.conjugate(a);
}

/** Quotient a / b in GT. */
export function gtDiv(a: Gt, b: Gt): Gt {
  return F12.mul(a, F12.conjugate(b));
}

/** Equality of GT (Fp12) elements. */
export function gtEq(a: Gt, b: Gt): boolean {
  return F12.eql(a, b);
}

/** x^(p^k) via the Frobenius map (cheap: coefficient-wise conjugations and constant products). */
function frobenius(x: Gt, k: number): Gt {
  return F12.frobeniusMap(x, k);
}

/** Membership in the cyclotomic subgroup GΦ12: x^(p^4 - p^2 + 1) = 1, checked with Frobenius maps only. */
export function isCyclotomic(x: Gt): boolean {
  if (F12.is0(x)) return false;
  return F12.eql(F12.mul(frobenius(x, 4), x), frobenius(x, 2));
}

/** x^z for x in the cyclotomic subgroup (z < 0, so a 64-bit power and a conjugation). */
function powZ(x: Gt): Gt {
  return F12.conjugate(F12._cyclotomicExp(x, U));
}

/**
 * Membership in GT (order r): x ∈ GΦ12 and x^p = x^z (Scott, eprint 2021/1130). For x ∈ GΦ12 the
 * second condition forces ord(x) | gcd(r·h_T, p − z) = r·gcd(h_T, (z−1)²/3) = r; the gcd is 1 for
 * BLS12-381 (checked in test/reference/crypto/gt.test.ts), so the test is exact, at the cost of one 64-bit power.
 */
export function isInGt(x: Gt): boolean {
  if (!isCyclotomic(x)) return false;
  return F12.eql(frobenius(x, 1), powZ(x));
}

/** Reference exponentiation x^e by plain square-and-multiply (slow; for tests and cross-checks). */
export function gtPowSlow(x: Gt, e: bigint): Gt {
  return F12.pow(x, ((e % R_ORDER) + R_ORDER) % R_ORDER);
}

/**
 * x^e for x ∈ GT and any integer e. Writes e mod r = d0 + d1·u + d2·u² + d3·u³ with u = |z| and
 * d_i < 2^64 (r < u⁴), uses x^(u^i) = Frobenius^i(x) (conjugated for odd i, as z < 0), and runs a
 * joint 4-base square-and-multiply over 64 bits: 64 cyclotomic squarings instead of 255.
 * The loop multiplies on every bit (by 1 when all four bits are 0) so its shape does not depend on e.
 */
export function gtPow(x: Gt, e: bigint): Gt {
  let k = ((e % R_ORDER) + R_ORDER) % R_ORDER;
  const digits: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    digits.push(k % U);
    k /= U;
  }
  const bases: Gt[] = [x, F12.conjugate(frobenius(x, 1)), frobenius(x, 2), F12.conjugate(frobenius(x, 3))];
  // table[mask] = product of bases[i] for the bits i set in mask
  const table: Gt[] = new Array(16);
  table[0] = F12.ONE;
  for (let mask = 1; mask < 16; mask++) {
    const low = mask & -mask;
    const i = 31 - Math.clz32(low);
    const rest = mask ^ low;
    table[mask] = rest === 0 ? bases[i]! : F12.mul(table[rest]!, bases[i]!);
  }
  let acc = F12.ONE;
  for (let bit = 63; bit >= 0; bit--) {
    acc = F12._cyclotomicSquare(acc);
    const b = BigInt(bit);
    const mask =
      Number((digits[0]! >> b) & 1n) |
      (Number((digits[1]! >> b) & 1n) << 1) |
      (Number((digits[2]! >> b) & 1n) << 2) |
      (Number((digits[3]! >> b) & 1n) << 3);
    acc = F12.mul(acc, table[mask]!);
  }
  return acc;
}
