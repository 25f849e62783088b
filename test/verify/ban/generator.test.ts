// The BAN obligations generator: one Markdown and one JSON file per protocol with BAN goals, formulas
// that round-trip, tables that stay tables, and the committed models/ files matching the spec.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SPECS } from "../../../protocol/registry.ts";
import { BAN_CLASSICS } from "../../../protocol/specs/ban-classics/index.ts";
import { banObligations, obligationsFor } from "../../../generators/ban.ts";
import { GENERATORS } from "../../../generators/index.ts";
import { protocol } from "../../../protocol/language.ts";
import { B } from "../../../protocol/ban.ts";
import { SpecCheckError } from "../../../protocol/check.ts";
import { repoRoot } from "../../../cli/repo-root.ts";

const artefacts = banObligations(SPECS);

describe("BAN obligations", () => {
  it("are registered with `medexchain generate`", () => {
    expect(GENERATORS.some((g) => g.run === banObligations)).toBe(true);
  });
  it("cover every shipped spec with BAN goals and every classic, as .ban.md and .ban.json", () => {
    const names = [...SPECS.filter((s) => s.ban.goals.length > 0), ...BAN_CLASSICS.map((c) => c.spec)].map((s) => s.name);
    expect(artefacts.map((a) => a.path).sort()).toEqual(names.flatMap((n) => [`models/${n}.ban.json`, `models/${n}.ban.md`]).sort());
  });
  it("carry the spec's formulas and each goal's expectation in the JSON", () => {
    for (const c of BAN_CLASSICS) {
      const doc = JSON.parse(artefacts.find((a) => a.path === `models/${c.spec.name}.ban.json`)!.content);
      expect(doc.assumptions.map((a: { formula: unknown }) => a.formula)).toEqual(c.spec.ban.assumptions.map((a) => a.formula));
      expect(doc.idealised.map((i: { label: string }) => i.label)).toEqual(c.spec.ban.idealised.map((i) => i.label));
      for (const g of doc.goals) expect(g.expectProved, `${c.spec.name} ${g.id}`).toBe(c.conclusions.find((x) => x.goal === g.id)!.expectProved);
    }
  });
  it("escape the pipes of |≡ and |~ so every table row keeps its columns", () => {
    for (const a of artefacts.filter((x) => x.path.endsWith(".md"))) {
      let columns = 0;
      for (const line of a.content.split("\n")) {
        if (!line.startsWith("|")) {
          columns = 0;
          continue;
        }
        const cells = line.replace(/\\\|/g, "").split("|").length;
        if (columns === 0) columns = cells;
        expect(cells, `${a.path}: ${line}`).toBe(columns);
      }
    }
  });
  it("are deterministic and match the committed models/ files", () => {
    expect(banObligations(SPECS)).toEqual(artefacts);
    for (const a of artefacts) expect(readFileSync(join(repoRoot(), a.path), "utf8"), `${a.path} is stale: run npm run generate`).toBe(a.content);
  });
  it("refuse a classic that is not well-formed", () => {
    const broken = protocol({ name: "Broken", title: "t", source: "test", description: "" }, (p) => {
      const A = p.role("A");
      const Bb = p.role("B");
      const n = p.fresh(Bb, "n", "Nonce");
      p.message("1", A, Bb, n);
      p.ban.goal("g", B.believes(A, B.fresh(n)), "");
    });
    expect(() => obligationsFor([], [{ spec: broken, section: "none", conclusions: [{ goal: "g", expectProved: true, paper: "" }] }])).toThrow(SpecCheckError);
  });
});
