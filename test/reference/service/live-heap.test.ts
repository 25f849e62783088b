// The live heap a service reports counts what it still holds, not the garbage V8 has not collected yet.
import { describe, expect, it } from "vitest";
import { liveHeap } from "../../../reference/service/live-heap.ts";

describe("liveHeap", () => {
  it("rises by what is held and falls back once it is dropped", () => {
    const before = liveHeap().heapUsed;
    let held: number[][] | undefined = Array.from({ length: 2_000 }, (_, i) => Array.from({ length: 1_000 }, (_, j) => i * j + 0.5));
    const holding = liveHeap().heapUsed;
    expect(holding - before).toBeGreaterThan(10 * 2 ** 20);
    expect(held.length).toBe(2_000);
    held = undefined;
    // Garbage made after the last sample must not count either.
    for (let i = 0; i < 50; i++) void Array.from({ length: 10_000 }, () => ({ i }));
    const after = liveHeap().heapUsed;
    expect(after - before).toBeLessThan(4 * 2 ** 20);
  });
});
