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

/** Time a synchronous operation. `prepare` runs before each sample, outside the timed region. */
export function sample<S>(plan: SamplingPlan, f: (input: S) => unknown, prepare: () => S = () => undefined as S): Sampled {
  for (let i = 0; i < plan.warmup; i++) f(prepare());
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < plan.runs; i++) {
    const input = prepare();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f(input);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return summarise(wall, cpu);
}

/** Time an asynchronous operation (wall time includes whatever it awaits). */
export async function sampleAsync(plan: SamplingPlan, f: () => Promise<unknown>): Promise<Sampled> {
  for (let i = 0; i < plan.warmup; i++) await f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < plan.runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return summarise(wall, cpu);
}
