import { describe, expect, it } from "vitest";
import { claimsTable, matchesExpectation, reportMarkdown, type ClaimReport, type VerifyReport } from "../../verify/report.ts";
import { claimReport } from "../../verify/claims.ts";
import { claimSwitches, DEFAULT_SETTINGS } from "../../verify/scyther-run.ts";
import { needhamSchroeder78 } from "../../protocol/specs/needham-schroeder.ts";
import { modelClaims } from "../../generators/spdl.ts";

const row = (over: Partial<ClaimReport> = {}): ClaimReport => ({
  protocol: "NS", role: "R", label: "R1", type: "Secret", parameter: "ni", status: "Fail", refinement: "at least 1 attack", attacks: 1,
  maxRuns: 5, unbounded: false, match: 0, switches: ["--plain"], seconds: 0.04, expected: "Fail", matchesExpected: true, ...over,
});

describe("the verification report", () => {
  it("counts a verdict as expected only when it is the expected one (never a timeout or an error)", () => {
    expect(matchesExpectation("Fail", "Fail")).toBe(true);
    expect(matchesExpectation("Ok", "Fail")).toBe(false);
    expect(matchesExpectation("Timeout", "Ok")).toBe(false);
    expect(matchesExpectation("Error", "Ok")).toBe(false);
  });

  it("records the bound and every switch beside the verdict", () => {
    const [r1] = modelClaims(needhamSchroeder78).filter((c) => c.label === "R1");
    const switches = claimSwitches(r1!, DEFAULT_SETTINGS);
    expect(switches).toEqual(["--plain", "--filter=NS,R1", "--max-runs=5", "--match=0", "--timer=120", "--dot-output"]);
    expect(claimSwitches(r1!, { ...DEFAULT_SETTINGS, maxRuns: 0 })).toContain("--unbounded");
    const rep = claimReport(needhamSchroeder78, r1!, { status: "Fail", refinement: "at least 1 attack", attacks: 1, seconds: 0.0412, switches }, DEFAULT_SETTINGS);
    expect(rep).toMatchObject({ protocol: "NS", role: "R", label: "R1", type: "Secret", parameter: "ni", maxRuns: 5, unbounded: false, match: 0, expected: "Fail", matchesExpected: true, seconds: 0.041 });
    const i1 = modelClaims(needhamSchroeder78).find((c) => c.label === "I1")!;
    expect(claimReport(needhamSchroeder78, i1, { status: "Fail", refinement: "at least 1 attack", attacks: 1, seconds: 1, switches }, DEFAULT_SETTINGS).matchesExpected).toBe(false);
  });

  it("writes markdown that says what a bounded Ok means and flags a mismatch", () => {
    const report: VerifyReport = {
      scyther: { path: "/bin/scyther-linux", version: "v1" },
      proverif: { path: null, version: null, missing: "not installed" },
      proverifQueries: [],
      settings: { maxRuns: 5, unbounded: false, match: 0, timeoutSeconds: 120, concurrency: 2, opaque: false },
      claims: [row(), row({ label: "R3", type: "Alive", status: "Fail", expected: "Ok", matchesExpected: false, attackGraph: { dot: "out/verify/attacks/NS-R3.dot" } })],
      sections: [{ name: "Models", ok: false, summary: "1 problem", files: [], problems: ["models/NS.spdl is stale"] }],
      wallSeconds: 1,
      ok: false,
    };
    const md = reportMarkdown(report);
    expect(md).toContain("no attack within bounds* holds up to the bound only");
    expect(md).toContain("| NS | R3 | R | Alive | `ni` | Fail ([attack](../../out/verify/attacks/NS-R3.dot)) |");
    expect(md).toContain("**NO**");
    expect(md).toContain("## Models: FAILED");
    expect(md).toContain("- models/NS.spdl is stale");
    expect(reportMarkdown({ ...report, scyther: { path: null, version: null, missing: "Scyther was not found" }, claims: [] })).toContain("**Scyther was not run**: Scyther was not found");
    const table = claimsTable(report.claims);
    expect(table.split("\n")).toHaveLength(4);
    expect(table).toContain("MISMATCH");
  });
});
