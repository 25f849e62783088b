// Working a party's persisted pending list with bounded concurrency. Every item is attempted even when
// one fails, so what can finish is settled and saved by the caller's `work`; the first failure is then
// rethrown (a node down or restarting), and what is left stays pending for the next pass.

/** Run `work` on every item, at most `concurrency` at once; rethrow the first failure after all have run. */
export async function workPending<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let failure: unknown;
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

/**
 * A party's pending list worked continuously: `start` begins every listed item not already running
 * (up to `concurrency` at once) and returns at once, so a service's next poll of the chains is not
 * held back by its slowest item in flight — each step of a share starts as soon as its event is
 * read, not when the previous batch of items has all finished. `drain` waits the way workPending
 * does (every item attempted once, the first failure rethrown), for callers that want a pass to
 * finish its work. An item that fails stays on the caller's list and is started again by a later call.
 */
export class PendingWork<T> {
  private readonly running = new Map<string, Promise<void>>();
  private failure: unknown;

  constructor(
    private readonly key: (item: T) => string,
    private readonly concurrency: number,
    private readonly work: (item: T) => Promise<void>,
  ) {}

  /** Items running now. */
  get size(): number {
    return this.running.size;
  }

  /** Start what `items` lists and is not running, as far as the concurrency allows; returns the keys started. */
  start(items: readonly T[], skip: ReadonlySet<string> = new Set()): string[] {
    const started: string[] = [];
    for (const item of items) {
      if (this.running.size >= this.concurrency) break;
      const k = this.key(item);
      if (this.running.has(k) || skip.has(k)) continue;
      const run = (async () => {
        try {
          await this.work(item);
        } catch (e) {
          this.failure ??= e;
        } finally {
          this.running.delete(k);
        }
      })();
      this.running.set(k, run);
      started.push(k);
    }
    return started;
  }

  /** Work until nothing runs, attempting each listed item once (those already running included), then rethrow the first failure. */
  async drain(items: () => readonly T[]): Promise<void> {
    const attempted = new Set<string>(this.running.keys());
    for (;;) {
      for (const k of this.start(items(), attempted)) attempted.add(k);
      if (this.running.size === 0) break;
      await Promise.race(this.running.values());
    }
    this.rethrow();
  }

  /** `drain` when `wait` (a pass that finishes its work), else `start` and rethrow what failed so far (a service loop). */
  async run(items: () => readonly T[], wait: boolean): Promise<void> {
    if (wait) return this.drain(items);
    this.start(items());
    this.rethrow();
  }

  /** Rethrow (once) the first failure since the last call. */
  rethrow(): void {
    const f = this.failure;
    this.failure = undefined;
    if (f !== undefined) throw f;
  }
}
