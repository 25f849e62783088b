// medexchain attacks: one scenario through the command (the gallery itself is tested scenario by
// scenario in gallery.test.ts), the report's shape, and a filter that matches nothing.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../../cli/commands/attacks.ts";

describe("medexchain attacks", () => {
  it("writes out/attacks/report.json with name, expected, observed, held", async () => {
    const out = mkdtempSync(join(tmpdir(), "medexchain-attacks-"));
    expect(await run(["--only", "unregistered", "--out", out, "--json"])).toBe(0);
    const r = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(r.held).toBe(true);
    expect(r.scenarios).toHaveLength(1);
    expect(Object.keys(r.scenarios[0]).sort()).toEqual(["expected", "held", "name", "observed", "party"]);
  });

  it("exits 2 when no scenario matches", async () => {
    expect(await run(["--only", "no such attack", "--out", mkdtempSync(join(tmpdir(), "medexchain-attacks-"))])).toBe(2);
  });
});
