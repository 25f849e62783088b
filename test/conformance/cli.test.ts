import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { share } from "../../protocol/specs/medexchain.ts";
import { run } from "../../cli/commands/conformance.ts";
import { CAST, SyntheticWorld } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "conformance-cli-"));

describe("medexchain conformance (CLI)", () => {
  it("exits 2 with a usage error for a missing trace or a bad option", async () => {
    expect(await run([join(dir, "missing.jsonl"), "--skip-static"])).toBe(2);
    expect(await run(["--min-coverage", "2"])).toBe(2);
    expect(await run(["--bogus"])).toBe(2);
  });

  it("writes the report and exits 1 when the trace does not conform", async () => {
    // Synthetic signatures are Ed25519 everywhere, so chain-A signature fields have the wrong size for the implementation.
    const w = new SyntheticWorld();
    await w.run(share, "s1", CAST);
    const trace = join(dir, "trace.jsonl");
    writeFileSync(trace, w.trace.toJsonl());
    const out = join(dir, "report.json");
    expect(await run([trace, "--skip-static", "--min-coverage", "0", "--out", out])).toBe(1);
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.conforms).toBe(false);
    expect(report.static).toBeNull();
    expect(report.mismatches.some((m: { code: string; observed: string }) => m.code === "MALFORMED" && /WRONG_LENGTH/.test(m.observed))).toBe(true);
    expect(Object.keys(report.coverage)).toEqual(["messages", "checks", "claims"]);
  });
});
