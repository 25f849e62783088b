// Smoke test of `medexchain bench`: one repetition of everything produces results.json with the
// issue's schema and results.md with its tables. Numbers are not judged (no timing assertions),
// only that they are there and consistent with each other.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PLANS, runBenchmark, type BenchResults } from "../../bench/run.ts";
import { writeResults } from "../../cli/commands/bench.ts";
import { goal } from "../../bench/goals.ts";
import { quantile } from "../../bench/sampling.ts";
import { foldProfile, libraryOf } from "../../bench/profile.ts";
import { SHARE_LABELS } from "../../bench/wire-bytes.ts";

const positive = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x > 0;

describe("bench helpers", () => {
  it("quantiles interpolate between order statistics", () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.9)).toBe(5);
  });

  it("goals say by how much they are missed", () => {
    expect(goal("g", 60, "max", 49, "ms")).toMatchObject({ met: false, missedBy: 11 });
    expect(goal("g", 40, "max", 49, "ms")).toMatchObject({ met: true, missedBy: 0 });
    expect(goal("g", 5, "min", 20, "shares/s")).toMatchObject({ met: false, missedBy: 15, missedByRatio: 0.75 });
  });

  it("profiles fold by function and by library", () => {
    const url = "file:///x/node_modules/@noble/curves/abstract/modular.js";
    const p = foldProfile({
      nodes: [
        { id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: 0 } },
        { id: 2, callFrame: { functionName: "mod", url, lineNumber: 31 } },
        { id: 3, callFrame: { functionName: "(idle)", url: "", lineNumber: 0 } },
      ],
      startTime: 0,
      endTime: 4000,
      samples: [2, 2, 3, 2],
      timeDeltas: [1000, 1000, 1000, 1000],
    });
    expect(p.totalMs).toBe(4);
    expect(p.topFunctions[0]).toMatchObject({ name: "mod", selfMs: 3, share: 0.75 });
    expect(p.byLibrary.map((l) => l.name)).toEqual(["@noble/curves", "idle (awaiting blocks and I/O)"]);
    expect(libraryOf("file:///r/reference/crypto/pre.ts")).toBe("reference/crypto");
  });
});

describe("medexchain bench (micro run)", () => {
  let r: BenchResults;
  it("runs everything once and writes results.json and results.md", async () => {
    r = await runBenchmark(PLANS.micro, process.cwd());
    const dir = mkdtempSync(join(tmpdir(), "medexchain-bench-"));
    writeResults(dir, r);
    const json = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as BenchResults;
    for (const k of ["computeMsPerShare", "deviceMsPerUpload", "bytesPerShare", "e2eMsPerShare", "sharesPerSecond", "securityBits"] as const) expect(positive(json[k]), k).toBe(true);
    for (const side of [json.umbral, json.ours]) for (const k of ["encryptMs", "reencryptMs", "decryptMs"] as const) expect(positive(side[k]), k).toBe(true);
    expect(json.paper).toEqual({ computeMs: 98.24, bytes: 1920, securityBits: 80 });
    expect(json.goals).toHaveLength(5);
    const md = readFileSync(join(dir, "results.md"), "utf8");
    expect(md).toMatch(/^# MedExChain benchmark results/);
    expect(md).toContain(`Node ${process.version.slice(1)}`);
    for (const section of ["## Summary", "## Per party and phase", "## Bytes on the wire", "## PRE side by side with Umbral", "## Pairing backend", "## Primitive operations"]) expect(md).toContain(section);
  });

  it("counts bytes per share from the real encodings of the share messages", () => {
    const w = r.details.endToEnd.wire;
    const share = w.messages.filter((m) => (SHARE_LABELS as readonly string[]).includes(m.label));
    expect(share.map((m) => m.label).sort()).toEqual([...SHARE_LABELS].sort());
    expect(w.bytesPerShare).toBe(share.reduce((n, m) => n + m.bytes, 0));
    for (const m of w.messages) expect(m.framing).toBeGreaterThan(0);
    expect(w.cryptoBytesPerShare).toBeLessThan(w.bytesPerShare);
    // What a share adds leaves out exactly the gr1 fields chain A already stores from an1.
    expect(w.anchoredReads.sort()).toEqual(["gr1.dev", "gr1.blobhash", "gr1.cid", "gr1.pre_P", "gr1.sig_HA", "gr1.tsD"].sort());
    const gr1 = share.find((m) => m.label === "gr1")!;
    expect(w.transmittedBytesPerShare).toBe(w.bytesPerShare - gr1.fields.filter((f) => w.anchoredReads.includes(`gr1.${f.name}`)).reduce((n, f) => n + f.bytes, 0));
    expect(w.payloadBytes).toBeGreaterThan(0);
  });

  it("covers every party of the brief in the cost model, and the backends interoperate", () => {
    expect(new Set(r.details.costModel.lines.map((l) => l.party))).toEqual(new Set(["D", "F", "P", "HA", "HB", "R", "Au"]));
    expect(r.details.costModel.computeMsPerShare).toBeCloseTo(
      r.details.costModel.lines.filter((l) => ["request", "authorisation", "transfer", "access"].includes(l.phase)).reduce((n, l) => n + l.ms, 0),
      9,
    );
    expect(r.details.backend.interop).toEqual({ pointsAgree: true, pairingAgrees: true, nobleCiphertextReEncryptedByMclDecrypts: true });
    expect(r.details.endToEnd.audit.clean).toBe(true);
  });
});
