// `medexchain ban` and `runBan`: the report's shape, the files written, exit statuses.
import { afterEach, describe, expect, it, vi } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../../cli/commands/ban.ts";
import { runBan } from "../../../verify/ban/index.ts";
import { repoRoot } from "../../../cli/repo-root.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  return { out, err };
}

afterEach(() => vi.restoreAllMocks());

describe("runBan", () => {
  it("proves every shipped goal and reproduces every classic conclusion", () => {
    const { ok, report } = runBan();
    expect(ok).toBe(true);
    expect(report.totals.unexpected).toBe(0);
    const med = report.protocols.filter((p) => p.family === "MedExChain");
    expect(med.map((p) => p.name)).toEqual(["MedExChainUpload", "MedExChainShare"]);
    expect(med.flatMap((p) => p.goals).every((g) => g.proved)).toBe(true);
  });
  it("selects protocols by name or family and rejects unknown names", () => {
    expect(runBan({ protocols: ["MedExChain"] }).report.protocols.map((p) => p.name)).toEqual(["MedExChainUpload", "MedExChainShare"]);
    expect(runBan({ protocols: ["BAN classics"] }).report.protocols.every((p) => p.kind === "classic")).toBe(true);
    expect(() => runBan({ protocols: ["Nope"] })).toThrow(/no protocol or family named "Nope"/);
  });
});

describe("medexchain ban", () => {
  it("--json prints the report, writes out/verify/ban.json with protocols → goals → {goal, proved, assumptions, derivation}, exits 0", async () => {
    const { out } = capture();
    expect(await run(["--json"])).toBe(0);
    const printed = JSON.parse(out.join("\n"));
    const written = JSON.parse(readFileSync(join(repoRoot(), "out", "verify", "ban.json"), "utf8"));
    expect(written).toEqual(printed);
    for (const p of written.protocols) {
      expect(typeof p.name).toBe("string");
      for (const g of p.goals) {
        expect(Object.keys(g)).toEqual(expect.arrayContaining(["goal", "proved", "assumptions", "derivation"]));
        expect(g.derivation === null).toBe(!g.proved);
      }
    }
    expect(readFileSync(join(repoRoot(), "out", "verify", "ban.md"), "utf8")).toMatch(/^# BAN logic results/);
  });
  it("naming a protocol prints its derivations and what unproved goals lack", async () => {
    const { out } = capture();
    expect(await run(["NSSK"])).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/jurisdiction \(after message 2\)/);
    expect(text).toContain("missing: B |≡ #(A ↔[Kab] B)");
  });
  it("exits 2 on an unknown protocol, saying which names exist", async () => {
    const { err } = capture();
    expect(await run(["Nope"])).toBe(2);
    expect(err.join("\n")).toMatch(/name one of: NS, NSL, MedExChainUpload/);
  });
});
