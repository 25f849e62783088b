// Runs real ProVerif on a handful of queries; the full run is `npm run verify`. Skips, saying why, when
// ProVerif is not installed. The teeth: ProVerif finds the cross-record attack on the pre-fix grant
// (through key extraction) and proves the record-bound grant's secrecy for unbounded sessions.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { share, sharePrefix } from "../../protocol/specs/medexchain.ts";
import { needhamSchroederLowe } from "../../protocol/specs/needham-schroeder.ts";
import { findProverif, locateProverif, ProverifNotFoundError, type ProverifBinary } from "../../verify/proverif-locate.ts";
import { runQueries } from "../../verify/proverif-run.ts";

const present = (() => {
  try {
    locateProverif();
    return true;
  } catch {
    return false;
  }
})();
if (!present) console.warn("test/verify/proverif.test.ts: ProVerif checks skipped, ProVerif is not installed (set PROVERIF or put proverif on PATH)");

describe("locating ProVerif", () => {
  it("refuses a PROVERIF setting that is not an executable, naming it", () => {
    expect(() => locateProverif({ PROVERIF: "/nonexistent/proverif", PATH: "" })).toThrow(ProverifNotFoundError);
    expect(() => locateProverif({ PATH: "" })).toThrow(/proverif on PATH/);
  });
});

describe.skipIf(!present)("with ProVerif", () => {
  let bin: ProverifBinary;
  const dir = mkdtempSync(join(tmpdir(), "medexchain-pv-"));
  beforeAll(async () => {
    bin = await findProverif();
  });

  it("proves NSL's secrecy and finds every role's end reachable", async () => {
    const runs = await runQueries(bin, [needhamSchroederLowe], { timeoutSeconds: 60 }, { concurrency: 2, dir, labels: ["I1", "R2", "endI", "endR"] });
    expect(Object.fromEntries(runs.map((r) => [r.query.label, r.status]))).toEqual({ I1: "Ok", R2: "Ok", endI: "Ok", endR: "Ok" });
  }, 120_000);

  it("finds the cross-record attack on the pre-fix grant, with a derivation through key extraction", async () => {
    const [r] = await runQueries(bin, [sharePrefix], { timeoutSeconds: 120 }, { concurrency: 1, dir, labels: ["HA1"] });
    expect(r!.status).toBe("Fail");
    expect(r!.answer).toBe("is false");
    const out = readFileSync(join(dir, r!.outputFile), "utf8");
    expect(out).toContain("A trace has been found.");
    expect(out).toMatch(/deccap_pre\(.*extract_pre\(/);
  }, 180_000);

  it("proves the record-bound grant keeps a record's data key secret for unbounded sessions, and is not vacuous", async () => {
    const runs = await runQueries(bin, [share], { timeoutSeconds: 120 }, { concurrency: 2, dir, labels: ["HA1", "endHB"] });
    expect(Object.fromEntries(runs.map((r) => [r.query.label, `${r.status} ${r.answer}`]))).toEqual({ HA1: "Ok is true", endHB: "Ok is false" });
  }, 240_000);

  it("proves HB's injective agreement with P on the record-bound grant for unbounded sessions (HB2 terminates)", async () => {
    const runs = await runQueries(bin, [share, sharePrefix], { timeoutSeconds: 150 }, { concurrency: 2, dir, labels: ["HB2"] });
    expect(runs.map((r) => `${r.query.protocol} ${r.status} ${r.answer}`).sort()).toEqual(["MedExChainShare Ok is true", "MedExChainSharePrefix Ok is true"]);
    expect(runs[0]!.query.text).toMatch(/inj-event\(Commit_HB2/);
  }, 240_000);

  it("finds HB2 false when the patient's grant signature is dropped, or no longer covers the token", async () => {
    const { mutantsOf } = await import("../../verify/mutants.ts");
    const ids = ["MedExChainShare:drop-signature:sk_ecdsaA(P)@gr1", "MedExChainShare:drop-field:rk(rkrec(P→HB; pre[pk_pre(P)](m); rho)) from sk_ecdsaA(P)@gr1"];
    const ms = mutantsOf(share).filter((x) => ids.includes(x.id));
    expect(ms.map((m) => m.id).sort()).toEqual([...ids].sort());
    const runs = await runQueries(bin, ms.map((m) => m.spec), { timeoutSeconds: 150 }, { concurrency: 2, dir: mkdtempSync(join(tmpdir(), "medexchain-pv-mut-")), labels: ["HB2"] });
    expect(runs.map((r) => `${r.status} ${r.answer}`)).toEqual(["Fail is false", "Fail is false"]);
  }, 240_000);
  it("proves P agrees with HA on her record's device context (P5), and finds it false when HA's signature leaves out the device or its timestamp", async () => {
    const held = await runQueries(bin, [share, sharePrefix], { timeoutSeconds: 120 }, { concurrency: 2, dir, labels: ["P5"] });
    expect(held.map((r) => `${r.query.protocol} ${r.status} ${r.answer}`).sort()).toEqual(["MedExChainShare Ok is true", "MedExChainSharePrefix Ok is true"]);
    // Scyther misses these two: its receive patterns let P compare dev and tsD inside the CID and blob hash.
    const { mutantsOf } = await import("../../verify/mutants.ts");
    const ids = ["MedExChainShare:drop-field:dev from sk_ecdsaA(HA)@an1", "MedExChainShare:drop-nonce:tsD from sk_ecdsaA(HA)@an1"];
    const ms = mutantsOf(share).filter((x) => ids.includes(x.id));
    expect(ms.map((m) => m.id).sort()).toEqual([...ids].sort());
    const runs = await runQueries(bin, ms.map((m) => m.spec), { timeoutSeconds: 120 }, { concurrency: 2, dir: mkdtempSync(join(tmpdir(), "medexchain-pv-p5-")), labels: ["P5"] });
    expect(runs.map((r) => `${r.status} ${r.answer}`)).toEqual(["Fail is false", "Fail is false"]);
  }, 240_000);
});

describe.skipIf(!present)("with ProVerif, as a mutation judge", () => {
  it("kills a mutant that sends the data key in clear, with its own score beside the others", async () => {
    const { runMutation } = await import("../../verify/mutation.ts");
    const { DEFAULT_SETTINGS } = await import("../../verify/scyther-run.ts");
    const { upload } = await import("../../protocol/specs/medexchain.ts");
    const bin = await findProverif();
    const only = ["MedExChainUpload:leak-key:m@up1", "MedExChainUpload:drop-identity:F from sk_blsD(D)@up1"];
    const report = await runMutation(undefined, [upload], DEFAULT_SETTINGS, { concurrency: 2, workDir: mkdtempSync(join(tmpdir(), "pv-mutants-")), proverif: { binary: bin, timeoutSeconds: 60 }, only });
    const byId = new Map(report.mutants.map((m) => [m.mutant, m]));
    expect(byId.get(only[0]!)?.proverif).toMatchObject({ killed: true });
    // Dropping F from the device's signature is invisible to ProVerif's queries (Scyther's Nisynch sees it).
    expect(byId.get(only[1]!)?.proverif).toMatchObject({ killed: false });
    expect(report.scores.proverif).toBe(0.5);
  }, 240_000);
});
