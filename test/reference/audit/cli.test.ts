// medexchain audit: with no nodes given it runs the demo share on embedded chains, audits it clean
// and writes out/audit/report.json in the shape; --deployment without nodes is refused.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../../cli/commands/audit.ts";

describe("medexchain audit", () => {
  it("audits the demo share clean and writes the report", async () => {
    const out = mkdtempSync(join(tmpdir(), "medexchain-audit-"));
    expect(await run(["--out", out, "--json"])).toBe(0);
    const r = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(r.clean).toBe(true);
    expect(r.findings).toEqual([]);
    expect(r.entries).toBeGreaterThan(20);
    expect(r.shares.map((s: { status: string }) => s.status).sort()).toEqual(["acknowledged", "refusal-delivered"]);
  });

  it("refuses --deployment on embedded chains, which start empty", async () => {
    await expect(run(["--deployment", "/nonexistent.json"])).rejects.toThrow(/needs external nodes/);
  });
});
