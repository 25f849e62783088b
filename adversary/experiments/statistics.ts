// The statistics every experiment decides with, fixed before any trial runs: a significance level α,
// the smallest advantage the experiment must detect (δ = 0.1) with a stated power, and the trial count
// these imply. A construction "leaks" when a one-sided z-test rejects "the adversary guesses at
// chance" at level α; it is certified only when the test had the power to see δ at its trial count.
import { ArgumentError } from "../../reference/crypto/errors.ts";

/** The decision rule the reports state. */
export const SIGNIFICANCE = 0.01;
/** The advantage |2p − 1| every experiment must be able to detect... */
export const DETECTABLE_ADVANTAGE = 0.1;
/** ...with this probability at its default trial count. */
export const POWER = 0.9;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** The standard normal quantile (bisection on normalCdf; accurate to 1e-9 in z). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new ArgumentError(`a quantile needs 0 < p < 1, got ${p}`);
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Trials a one-sided z-test at level α needs to detect success 1/2 + δ/2 with probability `power`:
 * N = ((z_{1−α}·½ + z_power·√(p(1−p))) / (δ/2))².
 */
export function requiredTrials(alpha = SIGNIFICANCE, advantage = DETECTABLE_ADVANTAGE, power = POWER): number {
  const p = 0.5 + advantage / 2;
  const n = (normalQuantile(1 - alpha) * 0.5 + normalQuantile(power) * Math.sqrt(p * (1 - p))) / (advantage / 2);
  return Math.ceil(n * n);
}

/** Wins at or above which the one-sided test rejects "chance" at level α over `trials` guesses. */
export function criticalWins(trials: number, alpha = SIGNIFICANCE): number {
  return Math.ceil(trials / 2 + normalQuantile(1 - alpha) * 0.5 * Math.sqrt(trials));
}

/** Probability that the test rejects at `trials` when the true advantage is `advantage` (normal approximation). */
export function powerAt(trials: number, advantage = DETECTABLE_ADVANTAGE, alpha = SIGNIFICANCE): number {
  const p = 0.5 + advantage / 2;
  return 1 - normalCdf((criticalWins(trials, alpha) - 0.5 - trials * p) / Math.sqrt(trials * p * (1 - p)));
}

/** Wilson score interval for a binomial proportion at two-sided confidence 1 − α. */
export function wilson(wins: number, trials: number, alpha = SIGNIFICANCE): [number, number] {
  if (trials === 0) return [0, 1];
  const z = normalQuantile(1 - alpha / 2);
  const p = wins / trials;
  const den = 1 + (z * z) / trials;
  const mid = (p + (z * z) / (2 * trials)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / den;
  return [Math.max(0, mid - half), Math.min(1, mid + half)];
}

/** Binary entropy in bits. */
function h2(p: number): number {
  return p <= 0 || p >= 1 ? 0 : -p * Math.log2(p) - (1 - p) * Math.log2(1 - p);
}

/** Capacity of a binary symmetric channel whose bit arrives right with probability p: 1 − h(p). */
export function bscCapacity(p: number): number {
  return 1 - h2(p);
}

/** A success count turned into the quantities the reports print. */
export interface Estimate {
  trials: number;
  wins: number;
  success: number;
  /** 2·success − 1, signed: 0 for a coin, 1 for an adversary that always guesses right. */
  advantage: number;
  /** Confidence interval of the advantage at level 1 − α (Wilson interval of the success rate). */
  advantageCi: [number, number];
  /** One-sided p-value of "the adversary guesses at chance". */
  pValue: number;
  /** pValue < α: the experiment detects an advantage. */
  detected: boolean;
}

/** Summarises `wins` out of `trials` bit guesses under the stated significance level. */
export function estimate(wins: number, trials: number, alpha = SIGNIFICANCE): Estimate {
  const success = trials === 0 ? 0 : wins / trials;
  const [lo, hi] = wilson(wins, trials, alpha);
  const pValue = trials === 0 ? 1 : 1 - normalCdf((wins - 0.5 - trials / 2) / (0.5 * Math.sqrt(trials)));
  return { trials, wins, success, advantage: 2 * success - 1, advantageCi: [2 * lo - 1, 2 * hi - 1], pValue, detected: pValue < alpha };
}

/** A channel's measured capacity: bits per upload, with the interval the success rate's CI implies. */
export interface Capacity {
  bitsPerUpload: number;
  ci: [number, number];
}

/** Capacity of a channel carrying `bitsPerUpload` bits per upload, each read right `e.success` of the time. */
export function capacity(e: Estimate, bitsPerUpload = 1): Capacity {
  const [lo, hi] = wilson(e.wins, e.trials);
  // 1 − h(p) is increasing in |p − ½|: its interval is the image of the success interval.
  const capLo = lo <= 0.5 && hi >= 0.5 ? 0 : Math.min(bscCapacity(lo), bscCapacity(hi));
  const capHi = Math.max(bscCapacity(lo), bscCapacity(hi));
  return { bitsPerUpload: bitsPerUpload * bscCapacity(e.success), ci: [bitsPerUpload * capLo, bitsPerUpload * capHi] };
}

/** How a report states its decision rule. */
export interface StatisticalDesign {
  significance: number;
  detectableAdvantage: number;
  power: number;
  /** Trials the design needs (requiredTrials). */
  requiredTrials: number;
  /** Trials actually run. */
  trials: number;
  /** Power of this run's test against the detectable advantage. */
  powerAtTrials: number;
  /** trials ≥ requiredTrials: a pass at this size means something. */
  powered: boolean;
}

/** The design record of a run of `trials`. */
export function design(trials: number): StatisticalDesign {
  const required = requiredTrials();
  return {
    significance: SIGNIFICANCE,
    detectableAdvantage: DETECTABLE_ADVANTAGE,
    power: POWER,
    requiredTrials: required,
    trials,
    powerAtTrials: powerAt(trials),
    powered: trials >= required,
  };
}
