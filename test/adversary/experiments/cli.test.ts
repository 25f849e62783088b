import { describe, expect, it, vi } from "vitest";
import { run } from "../../../cli/commands/experiment.ts";

describe("medexchain experiment CLI", () => {
  it("rejects unknown experiments and bad trial counts with exit code 2", async () => {
    expect(await run(["bogus"])).toBe(2);
    expect(await run([])).toBe(2);
    expect(await run(["asa", "--trials", "0"])).toBe(2);
    expect(await run(["cpa", "--trials", "x"])).toBe(2);
    expect(await run(["cpa", "--control-trials", "-3"])).toBe(2);
    expect(await run(["asa", "--nope"])).toBe(2);
  });

  it("exits 1 when a negative control is certified (here the weak scheme, at a size too small to see 0.1)", async () => {
    const errors: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(process.stderr, "write").mockImplementation((s) => (errors.push(String(s)), true));
    try {
      expect(await run(["cpa", "--trials", "12", "--control-trials", "16", "--seed", "cli-test"])).toBe(1);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    expect(errors.join("")).toMatch(/weak data keys.*certified/);
  });
});
