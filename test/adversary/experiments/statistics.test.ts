// The decision rule every experiment uses: its trial count, its power, its intervals.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  capacity,
  criticalWins,
  design,
  estimate,
  normalCdf,
  normalQuantile,
  powerAt,
  requiredTrials,
  SIGNIFICANCE,
  wilson,
} from "../../../adversary/experiments/statistics.ts";
import { backdoorBit, secretBit } from "../../../adversary/experiments/backdoor.ts";

/** A small seeded PRNG (mulberry32) for the simulations. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fraction of `reps` runs of `trials` Bernoulli(p) guesses that the test rejects. */
function rejectionRate(p: number, trials: number, reps: number, seed: number): number {
  const rand = mulberry32(seed);
  let rejected = 0;
  for (let r = 0; r < reps; r++) {
    let wins = 0;
    for (let t = 0; t < trials; t++) wins += rand() < p ? 1 : 0;
    rejected += estimate(wins, trials).detected ? 1 : 0;
  }
  return rejected / reps;
}

describe("normal distribution", () => {
  it("quantile inverts the CDF at the usual points", () => {
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263, 3);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758, 3);
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => Math.abs(normalCdf(normalQuantile(p)) - p) < 1e-6));
  });
  it("refuses a quantile outside (0, 1)", () => {
    expect(() => normalQuantile(0)).toThrow(/0 < p < 1/);
    expect(() => normalQuantile(1)).toThrow(/0 < p < 1/);
  });
});

describe("trial count and power", () => {
  it("derives the trial count from α = 0.01, advantage 0.1 and power 0.9", () => {
    expect(requiredTrials()).toBe(1298);
    expect(powerAt(requiredTrials())).toBeGreaterThanOrEqual(0.9);
    expect(powerAt(requiredTrials() - 200)).toBeLessThan(0.9);
    expect(design(1298).powered).toBe(true);
    expect(design(1297).powered).toBe(false);
  });

  it("detects an advantage of 0.1 at the chosen trial count about 90 % of the time (simulation)", () => {
    // 300 simulated runs: the rate's standard deviation is 0.017, so 0.84 is 3.5 sd below 0.9
    expect(rejectionRate(0.55, requiredTrials(), 300, 1)).toBeGreaterThan(0.84);
  });

  it("rejects a fair coin at about the significance level, and misses 0.1 at a tenth of the trials", () => {
    expect(rejectionRate(0.5, requiredTrials(), 300, 2)).toBeLessThan(0.04);
    expect(rejectionRate(0.55, 130, 300, 3)).toBeLessThan(0.35);
  });
});

describe("estimate, intervals and capacity", () => {
  it("decides at the critical win count", () => {
    const n = 400;
    const c = criticalWins(n);
    expect(estimate(c, n).detected).toBe(true);
    expect(estimate(c - 2, n).detected).toBe(false);
    expect(estimate(n, n)).toMatchObject({ success: 1, advantage: 1, detected: true });
    expect(estimate(n / 2, n)).toMatchObject({ advantage: 0, detected: false });
  });

  it("gives confidence intervals that contain the estimate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const w = Math.round(n * f);
        const [lo, hi] = wilson(w, n);
        const e = estimate(w, n);
        return lo <= w / n + 1e-12 && w / n <= hi + 1e-12 && e.advantageCi[0] <= e.advantage + 1e-12 && e.advantage <= e.advantageCi[1] + 1e-12;
      }),
    );
  });

  it("a perfect channel carries one bit per upload, a coin none", () => {
    expect(capacity(estimate(200, 200)).bitsPerUpload).toBe(1);
    expect(capacity(estimate(200, 200)).ci[0]).toBeGreaterThan(0.5);
    const coin = capacity(estimate(100, 200));
    expect(coin.bitsPerUpload).toBe(0);
    expect(coin.ci[0]).toBe(0);
    expect(coin.ci[1]).toBeLessThan(0.1);
  });

  it("states α", () => {
    expect(SIGNIFICANCE).toBe(0.01);
  });
});

describe("backdoor", () => {
  it("reads secret bits little-endian and cycles", () => {
    const s = new Uint8Array([0b10, 0x80]);
    expect([0, 1, 2, 15, 16, 17].map((i) => secretBit(s, i))).toEqual([0, 1, 0, 1, 0, 1]);
  });
  it("depends on the backdoor key", () => {
    const data = new Uint8Array(48).fill(3);
    const bits = Array.from({ length: 32 }, (_, k) => backdoorBit(new Uint8Array(32).fill(k), data));
    expect(new Set(bits).size).toBe(2);
  });
});
