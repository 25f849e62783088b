import { describe, expect, it } from "vitest";
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
});
