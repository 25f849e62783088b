// A fixed number of workers over a list of jobs, in order; `stop` cancels what has not finished.
import { availableParallelism } from "node:os";

/** How many Scyther processes to run at once: one per core. */
export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Run `job` over `items` with at most `concurrency` at a time; results keep the input order.
 * `shouldStop(result)` returning true aborts the signal every running job received and skips the rest.
 */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  job: (item: T, signal: AbortSignal) => Promise<R>,
  shouldStop: (result: R) => boolean = () => false,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  const controller = new AbortController();
  let next = 0;
  const worker = async () => {
    while (!controller.signal.aborted && next < items.length) {
      const i = next++;
      const r = await job(items[i]!, controller.signal);
      results[i] = r;
      if (shouldStop(r)) controller.abort();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
