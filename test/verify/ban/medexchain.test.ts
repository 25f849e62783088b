// MedExChain's BAN goals: every one proved, every proof checked step by step, each resting on listed
// assumptions every one of which it needs — dropping any one makes the goal fail.
import { describe, expect, it } from "vitest";
import { SPECS } from "../../../protocol/registry.ts";
import { B } from "../../../protocol/ban.ts";
import { proveSpec, provable, withoutAssumptions } from "../../../verify/ban/index.ts";
import type { DerivationNode } from "../../../verify/ban/derivation.ts";
import { text } from "../../../verify/ban/formula.ts";

const med = SPECS.filter((s) => s.family === "MedExChain");
const reports = med.map((s) => ({ spec: s, report: proveSpec(s, { kind: "spec" }) }));

describe("MedExChain BAN goals", () => {
  it("cover the brief's goals BAN can express: key beliefs, agreement, freshness of requests and grants", () => {
    const ids = med.flatMap((s) => s.ban.goals.map((g) => g.id));
    for (const id of ["HA-D-current", "P-HB-current", "HB-P-current", "HB-R-current", "P-request-fresh", "HB-grant-fresh", "HB-key-good", "P-HB-key", "HB-P-key"]) expect(ids).toContain(id);
  });
  for (const { spec, report } of reports) {
    it(`${spec.name}: every goal is proved and every derivation step checks`, () => {
      expect(report.goals.filter((g) => !g.proved).map((g) => g.id)).toEqual([]);
      expect(report.invalidSteps).toEqual([]);
      expect(report.ok).toBe(true);
    });
    it(`${spec.name}: every assumption is used by some goal`, () => {
      expect(report.unusedAssumptions).toEqual([]);
    });
    it(`${spec.name}: derivation leaves are the listed assumptions and received messages`, () => {
      for (const g of report.goals) {
        const leaves: DerivationNode[] = [];
        const walk = (n: DerivationNode) => (n.premises.length === 0 ? leaves.push(n) : n.premises.forEach(walk));
        walk(g.derivation!);
        expect(leaves.every((l) => l.rule === "assumption" || l.rule === "message"), g.id).toBe(true);
        expect([...new Set(leaves.filter((l) => l.rule === "assumption").map((l) => l.assumption))].sort(), g.id).toEqual([...g.assumptions].sort());
        expect(g.assumptions.length, g.id).toBeGreaterThan(0);
      }
    });
  }
});

const needed = reports.flatMap(({ spec, report }) => report.goals.flatMap((g) => g.assumptions.map((a) => ({ protocol: spec.name, spec, goal: g.id, assumption: a }))));
describe.each(needed)("$protocol: $goal without $assumption", ({ spec, goal, assumption }) => {
  it("is no longer provable, and the report names what went missing", () => {
    expect(provable(spec, goal)).toBe(true);
    const reduced = withoutAssumptions(spec, [assumption]);
    expect(provable(reduced, goal)).toBe(false);
    const dropped = spec.ban.assumptions.find((a) => a.id === assumption)!.formula;
    const missing = proveSpec({ ...spec, ...reduced }, { kind: "spec" }).goals.find((g) => g.id === goal)!.missing!;
    if (dropped.op === "believes" && dropped.x.op === "fresh" && dropped.x.x.op === "atom") {
      // A dropped freshness assumption shows up as a statement nothing in which is fresh: one containing that value.
      const value = dropped.x.x.name;
      expect(missing.some((m) => m.startsWith(`${dropped.p} |≡ #(`) && m.includes(value)), missing.join("; ")).toBe(true);
    } else expect(missing).toContain(text(dropped));
  });
});

describe("the ablation check itself", () => {
  it("flags an assumption a proof uses but does not need", async () => {
    const { share } = await import("../../../protocol/specs/medexchain.ts");
    // A second, redundant route to HB's belief in P's key: assume it outright as well.
    const direct = { id: "HB-pkP-direct", formula: B.believes("HB", B.pubKey("P", "pk_ecdsaA(P)")) };
    const doubled = { ...share, ban: { ...share.ban, assumptions: [...share.ban.assumptions, direct] } };
    const r = proveSpec(doubled, { kind: "spec", ablation: true });
    const g = r.goals.find((x) => x.id === "HB-P-key")!;
    expect(g.proved).toBe(true);
    expect(g.redundant!.length).toBeGreaterThan(0);
    expect(r.ok).toBe(false);
    expect(proveSpec(share, { kind: "spec", ablation: true }).ok).toBe(true);
  });
});

describe("the grant's idealisation says what the grant gives", () => {
  it("record-bound: this record's data key m; pre-fix: P's decryption capability for every record, carried by sk_pre(P) inside rk", async () => {
    const { share, sharePrefix } = await import("../../../protocol/specs/medexchain.ts");
    const { groundBan } = await import("../../../verify/ban/grounding.ts");
    const goal = (s: typeof share) => text(s.ban.goals.find((g) => g.id === "HB-key-good")!.formula);
    expect(goal(share)).toBe("HB |≡ HB ⇌[m] P");
    expect(goal(sharePrefix)).toBe("HB |≡ HB ⇌[sk_pre(P)] P");
    expect(sharePrefix.ban.goals.find((g) => g.id === "HB-key-good")!.description).toMatch(/every record/);
    // Carried by the signed grant, not an interpretive assumption.
    for (const s of [share, sharePrefix]) {
      const g = groundBan(s);
      expect(g.unsupported).toEqual([]);
      expect(g.interpretive.map((i) => i.message)).not.toContain("gr1");
    }
  });
});
