// Repeated timing of one operation: warm-up runs first (JIT, caches, lazily built tables), then
// `runs` samples, summarised by the median and the spread (10th–90th percentile, min, max). CPU time
// (user + system of this process) is kept beside wall time because other load on a shared machine
// inflates it far less.

/** Summary of repeated samples of one operation, in milliseconds. */
export interface Sampled {
  runs: number;
  /** median wall-clock time */
  medianMs: number;
  /** 10th and 90th percentile of wall-clock time */
  p10Ms: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  /** median CPU time (user + system) of this process */
  cpuMedianMs: number;
}

/** How many samples, after how many unrecorded warm-up runs. */
export interface SamplingPlan {
  runs: number;
  warmup: number;
}

/** The q-quantile (0..1) of a sample, by linear interpolation between order statistics. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Median of a sample. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Summarise wall and CPU samples (ms). */
export function summarise(wall: readonly number[], cpu: readonly number[]): Sampled {
  return {
    runs: wall.length,
    medianMs: median(wall),
    p10Ms: quantile(wall, 0.1),
    p90Ms: quantile(wall, 0.9),
    minMs: Math.min(...wall),
    maxMs: Math.max(...wall),
    cpuMedianMs: median(cpu),
  };
}

/** One operation to time among others: `prepare` makes a fresh input outside the timed region. */
export interface TimedOp {
  run: (input: never) => unknown;
  prepare: () => unknown;
}

/** An operation with its input type tied to its preparation (for building TimedOp lists). */
export function op<S>(run: (input: S) => unknown, prepare: () => S = () => undefined as S): TimedOp {
  return { run: run as (input: never) => unknown, prepare };
}

/**
 * Times several operations interleaved: after warm-up, round i takes the i-th sample of every
 * operation in turn, so a burst of load from other processes lands on all of them alike instead of
 * on whichever was being measured (CPU time too inflates when a sibling hardware thread is busy).
 */
export function sampleInterleaved(plan: SamplingPlan, ops: readonly TimedOp[]): Sampled[] {
  const call = (o: TimedOp, input: unknown) => (o.run as (i: unknown) => unknown)(input);
  for (let w = 0; w < plan.warmup; w++) for (const o of ops) call(o, o.prepare());
  const wall = ops.map(() => [] as number[]);
  const cpu = ops.map(() => [] as number[]);
  for (let i = 0; i < plan.runs; i++) {
    ops.forEach((o, k) => {
      const input = o.prepare();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      call(o, input);
      wall[k]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[k]!.push((c.user + c.system) / 1000);
    });
  }
  return ops.map((_, k) => summarise(wall[k]!, cpu[k]!));
}
