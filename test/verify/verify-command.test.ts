import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EXIT, run } from "../../cli/commands/verify.ts";

describe("medexchain verify without Scyther", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("says Scyther is missing and how to install it, still checks the models and BAN, and exits 3", async () => {
    const out = mkdtempSync(join(tmpdir(), "verify-"));
    vi.stubEnv("SCYTHER", join(out, "no-such-scyther"));
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((m: string) => void errors.push(String(m)));
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const code = await run(["NS", "NSL", "--out", out]);
    expect(code).toBe(EXIT.scytherMissing);
    expect(errors.join("\n")).toMatch(/Scyther was not found \(looked for SCYTHER=.*no-such-scyther\)/);
    expect(errors.join("\n")).toContain("https://github.com/cascremers/scyther/releases");
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.scyther.path).toBeNull();
    expect(report.claims).toEqual([]);
    expect(report.sections.map((s: { name: string; ok: boolean }) => [s.name, s.ok])).toEqual([
      ["Models", true],
      ["BAN logic", true],
    ]);
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("**Scyther was not run**");
  });

  it("refuses unknown options and protocols with the usage code", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await run(["--max-runs", "zero"])).toBe(EXIT.usage);
    expect(await run(["--match", "3"])).toBe(EXIT.usage);
    expect(await run(["NoSuchProtocol"])).toBe(EXIT.usage);
    expect(await run(["--bogus"])).toBe(EXIT.usage);
  });
});

describe("medexchain verify --mutants without Scyther", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("still judges every mutant with the BAN prover, says Scyther did not, and exits 3", async () => {
    const out = mkdtempSync(join(tmpdir(), "verify-mutants-"));
    vi.stubEnv("SCYTHER", join(out, "no-such-scyther"));
    // ProVerif would be a third judge over every mutant: too slow here, and its own tests cover it.
    vi.stubEnv("PROVERIF", join(out, "no-such-proverif"));
    const errors: string[] = [];
    const logs: string[] = [];
    vi.spyOn(console, "error").mockImplementation((m: string) => void errors.push(String(m)));
    vi.spyOn(console, "log").mockImplementation((m: string) => void logs.push(String(m)));
    const code = await run(["--mutants", "--out", out]);
    expect(code).toBe(EXIT.scytherMissing);
    expect(errors.join("\n")).toMatch(/only the BAN prover judged the mutants/);
    expect(logs.join("\n")).toMatch(/mutation score [\d.]+ \(\d+\/\d+ killed; Scyther alone not run, ProVerif alone not run, BAN alone [\d.]+/);
    const report = JSON.parse(readFileSync(join(out, "mutants.json"), "utf8"));
    expect(report.scyther).toBeNull();
    expect(report.total).toBeGreaterThan(40);
    expect(report.mutants.every((m: { scyther?: unknown }) => m.scyther === undefined)).toBe(true);
  });
});
