import { describe, expect, it } from "vitest";
import { runPool } from "../../verify/pool.ts";

describe("the worker pool", () => {
  it("keeps the input order and never runs more jobs at once than asked", async () => {
    let running = 0;
    let peak = 0;
    const out = await runPool([5, 1, 4, 2, 3], 2, async (x) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it("stops handing out jobs once one result says stop, and aborts the others' signal", async () => {
    const started: number[] = [];
    const aborted: number[] = [];
    const out = await runPool(
      [1, 2, 3, 4, 5, 6],
      1,
      async (x, signal) => {
        started.push(x);
        signal.addEventListener("abort", () => aborted.push(x));
        return x;
      },
      (r) => r === 2,
    );
    expect(started).toEqual([1, 2]);
    expect(out).toEqual([1, 2, undefined, undefined, undefined, undefined]);
    expect(aborted).toEqual([1, 2]);
  });
});
