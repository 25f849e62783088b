import { describe, expect, it } from "vitest";
import { PendingWork, workPending } from "../../../reference/storage/pending-work.ts";

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

describe("PendingWork", () => {
  it("starts items without waiting for them, never starts a running item twice, and keeps to its concurrency", async () => {
    const gates = new Map<number, () => void>();
    const starts: number[] = [];
    const w = new PendingWork<number>(String, 2, (n) => {
      starts.push(n);
      return new Promise<void>((r) => gates.set(n, r));
    });
    expect(w.start([1, 2, 3])).toEqual(["1", "2"]);
    expect(w.start([1, 2, 3])).toEqual([]);
    expect(w.size).toBe(2);
    gates.get(1)!();
    await new Promise((r) => setTimeout(r, 0));
    expect(w.start([2, 3])).toEqual(["3"]);
    expect(starts).toEqual([1, 2, 3]);
    gates.get(2)!();
    gates.get(3)!();
    await w.drain(() => []);
    expect(w.size).toBe(0);
  });

  it("drains by attempting each listed item once, then rethrows the first failure; a failed item can start again later", async () => {
    const pending = new Set([1, 2, 3]);
    const attempts: number[] = [];
    const w = new PendingWork<number>(String, 1, async (n) => {
      attempts.push(n);
      if (n === 2) throw new Error("node down");
      pending.delete(n);
    });
    await expect(w.drain(() => [...pending])).rejects.toThrow("node down");
    expect(attempts).toEqual([1, 2, 3]);
    expect([...pending]).toEqual([2]);
    w.start([...pending]);
    await new Promise((r) => setTimeout(r, 0));
    expect(() => w.rethrow()).toThrow("node down");
    expect(() => w.rethrow()).not.toThrow();
    expect(attempts).toEqual([1, 2, 3, 2]);
  });
});
