// Fixed-base exponentiation in GT: a base that is used again and again (Z, or a patient's
// Z^{a1} on the device that encrypts to that patient) gets a table of signed-window powers,
// so x^e costs about 255/w multiplications and no squarings (Brickell–Gordon–McCurley–Wilson
// with signed digits; negative digits cost nothing because inversion in GT is conjugation).
import { Fp12Field as F12, R_ORDER, type Gt } from "./bls12.ts";
import { ArgumentError } from "./errors.ts";

const EXPONENT_BITS = 255; // r < 2^255

/** A precomputed table for exponentiating one fixed GT base. */
export class GtFixedBase {
  readonly base: Gt;
  readonly windowBits: number;
  private readonly rows: Gt[][];

  /** Builds the table: ⌈255/w⌉+1 rows of 2^(w−1) powers (w = 8: 33 × 128 elements, ~4.3k products). */
  constructor(base: Gt, windowBits = 8) {
    if (!Number.isInteger(windowBits) || windowBits < 2 || windowBits > 12) {
      throw new ArgumentError(`GtFixedBase: windowBits must be an integer in [2, 12], got ${windowBits}`);
    }
    this.base = base;
    this.windowBits = windowBits;
    const half = 1 << (windowBits - 1);
    const rowCount = Math.ceil(EXPONENT_BITS / windowBits) + 1;
    this.rows = [];
    let rowBase = base; // base^(2^(w·i))
    for (let i = 0; i < rowCount; i++) {
      const row: Gt[] = [rowBase];
      for (let j = 1; j < half; j++) row.push(F12.mul(row[j - 1]!, rowBase));
      this.rows.push(row);
      // rowBase^(2^w) = (rowBase^(2^(w−1)))², and row[half−1] = rowBase^(2^(w−1))
      rowBase = F12._cyclotomicSquare(row[half - 1]!);
    }
  }

  /** base^e for any integer e (reduced mod r). */
  pow(e: bigint): Gt {
    let k = ((e % R_ORDER) + R_ORDER) % R_ORDER;
    const w = BigInt(this.windowBits);
    const full = 1n << w;
    const half = full >> 1n;
    let acc = F12.ONE;
    for (const row of this.rows) {
      let d = k & (full - 1n);
      k >>= w;
      if (d >= half) {
        d -= full;
        k += 1n;
      }
      // One product per row whatever the digit (by 1 for a zero digit), so the operation count
      // does not depend on the secret exponent; conjugation is cheap and applied only on sign.
      const entry = d === 0n ? F12.ONE : row[Number(d < 0n ? -d : d) - 1]!;
      acc = F12.mul(acc, d < 0n ? F12.conjugate(entry) : entry);
    }
    if (k !== 0n) throw new ArgumentError("GtFixedBase: exponent recoding overflowed the table");
    return acc;
  }
}
