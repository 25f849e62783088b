import { describe, expect, it } from "vitest";
import { workPending } from "../../../reference/storage/pending-work.ts";

describe("workPending", () => {
  it("works every item at most `concurrency` at once", async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await workPending([1, 2, 3, 4, 5], 2, async (n) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 5));
      done.push(n);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it("still works the other items when one fails, then rethrows the first failure", async () => {
    const done: number[] = [];
    await expect(
      workPending([1, 2, 3], 1, async (n) => {
        if (n === 2) throw new Error("node down");
        done.push(n);
      }),
    ).rejects.toThrow("node down");
    expect(done).toEqual([1, 3]);
  });
});
