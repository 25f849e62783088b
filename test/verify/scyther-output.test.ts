import { describe, expect, it } from "vitest";
import { errorLines, parseClaimLine, parseClaimLines, parseVersion, ScytherOutputError } from "../../verify/scyther-output.ts";

describe("Scyther's claim lines", () => {
  it("read a proof, a bounded Ok and an attack", () => {
    expect(parseClaimLine("claim\tNS,I\tSecret_I1\tni\tOk\t[proof of correctness]")).toEqual({
      protocol: "NS", role: "I", type: "Secret", label: "I1", parameter: "ni", verdict: "Ok", refinement: "proof of correctness", attacks: 0, timedOut: false,
    });
    expect(parseClaimLine("claim\tMedExChainShare,HB\tSecret_HB4\tm\tOk\t[no attack within bounds]").refinement).toBe("no attack within bounds");
    const fail = parseClaimLine("claim\tNS,R\tSecret_R1\tni\tFail\t[at least 3 attacks]");
    expect([fail.verdict, fail.attacks]).toEqual(["Fail", 3]);
    expect(parseClaimLine("claim\tNS,R\tNisynch_R6\t-\tFail\t[exactly 1 attack]").attacks).toBe(1);
  });

  it("keep a label that has underscores after the type, and Commit parameters", () => {
    const c = parseClaimLine("claim\tP,I\tCommit_I_6\t(R,ni,nr)\tOk\t[proof of correctness]");
    expect([c.type, c.label, c.parameter]).toEqual(["Commit", "I_6", "(R,ni,nr)"]);
  });

  it("mark a line cut by --timer as timed out, whatever it says", () => {
    expect(parseClaimLine("claim\tX,HB\tSecret_HB4\tm\tOk\t[does not occur]\ttime=1").timedOut).toBe(true);
    expect(parseClaimLine("claim\tX,HB\tSecret_HB4\tm\tOk\t[does not occur]").timedOut).toBe(false);
  });

  it("refuse what is not a claim line", () => {
    expect(() => parseClaimLine("warning: No claims in system.")).toThrow(ScytherOutputError);
    expect(() => parseClaimLine("claim\tNS\tSecret_R1\tni\tOk\t[x]")).toThrow(/cannot split/);
    expect(() => parseClaimLine("claim\tNS,R\tSecret_R1\tni\tMaybe\t[x]")).toThrow(/verdict/);
  });

  it("pick the claim lines out of mixed output, and the errors and the version", () => {
    const out = "warning: protocol X has empty role definitions\nclaim\tNS,I\tAlive_I3\t-\tOk\t[proof of correctness]\n";
    expect(parseClaimLines(out).map((c) => c.label)).toEqual(["I3"]);
    expect(errorLines("error: [2] syntax error at symbol ''.\nclaim\tx")).toEqual(["error: [2] syntax error at symbol ''."]);
    expect(errorLines("all fine")).toEqual([]);
    expect(parseVersion("'scyther' model checker for security protocols.\nScyther version v1.3.0-5-gac49bec.\nCopyright")).toBe("v1.3.0-5-gac49bec");
    expect(parseVersion("nothing here")).toBeUndefined();
  });
});
