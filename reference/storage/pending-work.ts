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
