// Runs real Scyther on a handful of claims; the full run is `npm run verify`. Skips, saying why, when
// Scyther is not installed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SPECS } from "../../protocol/registry.ts";
import { needhamSchroeder78, needhamSchroederLowe } from "../../protocol/specs/needham-schroeder.ts";
import type { ProtocolSpec } from "../../protocol/language.ts";
import { modelPath, spdlModel } from "../../generators/spdl.ts";
import { repoRoot } from "../../cli/repo-root.ts";
import { locateScyther, findScyther, type ScytherBinary } from "../../verify/scyther-locate.ts";
import { runClaims } from "../../verify/claims.ts";
import { DEFAULT_SETTINGS } from "../../verify/scyther-run.ts";
import { runMutation } from "../../verify/mutation.ts";
import { mutantsOf } from "../../verify/mutants.ts";

const present = (() => {
  try {
    locateScyther();
    return true;
  } catch {
    return false;
  }
})();
if (!present) console.warn("test/verify/scyther.test.ts: skipped, Scyther is not installed (set SCYTHER or put scyther-linux on PATH)");

const settings = { ...DEFAULT_SETTINGS, timeoutSeconds: 60 };
const committed = (s: ProtocolSpec) => ({ spec: s, modelFile: join(repoRoot(), modelPath(s)) });
const verdicts = async (bin: ScytherBinary, spec: ProtocolSpec, labels: string[]) =>
  Object.fromEntries((await runClaims(bin, [committed(spec)], settings, { concurrency: 2, labels })).map((o) => [o.claim.label, o.run.status]));

describe.skipIf(!present)("with Scyther", () => {
  let bin: ScytherBinary;
  beforeAll(async () => {
    bin = await findScyther();
  });

  it("finds Lowe's attack on Needham–Schroeder, as the spec expects, and an attack graph with it", async () => {
    const out = await runClaims(bin, [committed(needhamSchroeder78)], settings, { concurrency: 2, labels: ["I1", "R1", "R3", "R4", "R6"] });
    for (const o of out) expect(o.report.matchesExpected, `${o.claim.label}: ${o.run.status} ${o.run.refinement}`).toBe(true);
    expect(out.map((o) => o.run.status)).toEqual(["Ok", "Fail", "Ok", "Fail", "Fail"]);
    const r1 = out.find((o) => o.claim.label === "R1")!;
    expect(r1.run.dot).toMatch(/^digraph/);
    expect(r1.run.switches).toContain("--max-runs=5");
  });

  it("finds no attack on Needham–Schroeder–Lowe", async () => {
    expect(await verdicts(bin, needhamSchroederLowe, ["R1", "R2", "R4", "R6"])).toEqual({ R1: "Ok", R2: "Ok", R4: "Ok", R6: "Ok" });
  });

  it("verifies a handful of MedExChain claims as the spec expects", async () => {
    const upload = SPECS.find((s) => s.name === "MedExChainUpload")!;
    const share = SPECS.find((s) => s.name === "MedExChainShare")!;
    expect(await verdicts(bin, upload, ["D2", "D3"])).toEqual({ D2: "Ok", D3: "Ok" });
    expect(await verdicts(bin, share, ["P1", "HB2", "HB3"])).toEqual({ P1: "Ok", HB2: "Ok", HB3: "Ok" });
  });

  it("kills seeded flaws: the NSL mutants, and three MedExChain mutants", async () => {
    const work = mkdtempSync(join(tmpdir(), "mutants-"));
    const nsl = await runMutation(bin, [needhamSchroederLowe], settings, { concurrency: 2, workDir: work });
    expect(nsl.mutants.filter((m) => m.scyther?.killed).length).toBeGreaterThanOrEqual(3);
    // Lowe's fix undone: Scyther itself finds the attack (BAN cannot: docs/ban.md, "Needham–Schroeder").
    expect(nsl.mutants.find((m) => m.mutant === "NSL:drop-identity:R from pk_pk(I)@2")).toMatchObject({ killed: true, scyther: { killed: true }, killedBy: { tool: "scyther" } });
    expect(nsl.scyther?.path).toBe(bin.path);

    const upload = SPECS.find((s) => s.name === "MedExChainUpload")!;
    const share = SPECS.find((s) => s.name === "MedExChainShare")!;
    const seeded: [ProtocolSpec, string, string][] = [
      [upload, "MedExChainUpload:drop-encryption:kdf(m, D, HA, P, tsD)@up1", "D3"],
      [upload, "MedExChainUpload:leak-key:m@up1", "D2"],
      [share, "MedExChainShare:drop-signature:sk_ed25519B(HB)@rq1", "P1"],
    ];
    for (const [spec, id, label] of seeded) {
      const m = mutantsOf(spec).find((x) => x.id === id);
      if (!m) throw new Error(`no mutant ${id} of ${spec.name}: the spec changed; pick the seeded flaw again`);
      const file = join(work, `${label}.spdl`);
      writeFileSync(file, spdlModel(m.spec));
      const [o] = await runClaims(bin, [{ spec: m.spec, modelFile: file }], settings, { concurrency: 1, labels: [label] });
      expect(o!.run.status, id).toBe("Fail");
    }
  });
});

describe.skipIf(!present)("with Scyther, the other-record scenario", () => {
  it("finds the cross-record attack on the pre-fix grant at the claim's 6 runs, and none on the record-bound grant", async () => {
    const bin = await findScyther();
    const { share, sharePrefix } = await import("../../protocol/specs/medexchain.ts");
    const prefix = await runClaims(bin, [committed(sharePrefix)], settings, { concurrency: 2, labels: ["HA1"] });
    expect(prefix[0]!.run.status).toBe("Fail");
    expect(prefix[0]!.report.maxRuns).toBe(6);
    expect(prefix[0]!.run.dot).toContain("OtherRecords");
    const fixed = await runClaims(bin, [committed(share)], settings, { concurrency: 2, labels: ["HA1"] });
    expect(fixed[0]!.run.status).toBe("Ok");
    expect(fixed[0]!.report.maxRuns).toBe(6);
  }, 120_000);
});
