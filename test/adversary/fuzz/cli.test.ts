// medexchain fuzz: a small campaign through the command, its report, and its argument checks.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../../cli/commands/fuzz.ts";

describe("medexchain fuzz", () => {
  it("runs the chosen targets and writes out/fuzz/report.json", async () => {
    const out = mkdtempSync(join(tmpdir(), "medexchain-fuzz-"));
    expect(await run(["--runs", "50", "--group", "decoder", "--only", "wire:", "--out", out, "--json"])).toBe(0);
    const r = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(r.ok).toBe(true);
    expect(r.targets.length).toBe(11);
    for (const t of r.targets) expect(t.runs).toBe(50);
  });

  it("rejects a bad --runs and an unknown --group", async () => {
    await expect(run(["--runs", "0"])).rejects.toThrow(/--runs/);
    await expect(run(["--group", "everything"])).rejects.toThrow(/--group/);
  });
});
