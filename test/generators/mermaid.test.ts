import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SPECS } from "../../protocol/registry.ts";
import { protocol } from "../../protocol/language.ts";
import { hash } from "../../protocol/terms.ts";
import { diagramPath, mermaid, mermaidDiagram, modelsDoc } from "../../generators/mermaid.ts";
import { repoRoot } from "../../cli/repo-root.ts";

describe("the sequence diagrams", () => {
  it("are committed and fresh, with docs/models.md showing every one", () => {
    const root = repoRoot();
    for (const a of mermaid(SPECS)) expect(readFileSync(join(root, a.path), "utf8"), a.path).toBe(a.content);
    const doc = modelsDoc(SPECS);
    for (const s of SPECS) expect(doc).toContain(mermaidDiagram(s).split("\n").slice(2).join("\n").trimEnd());
    expect(doc).toContain("## Verifying the models (README section)");
  });

  it("have one participant per role, one arrow per message and one note per claim", () => {
    for (const s of SPECS) {
      const d = mermaidDiagram(s);
      expect(d.split("\n")[2]).toBe("sequenceDiagram");
      expect(d.match(/^ {2}participant /gm)?.length, s.name).toBe(s.roles.length);
      expect(d.match(/->>/g)?.length, s.name).toBe(s.messages.length);
      for (const c of s.claims) expect(d, `${s.name} ${c.label}`).toContain(`Note over ${c.role}: ${c.label} ${c.type}`);
      expect(diagramPath(s)).toBe(`models/${s.name}.mmd`);
    }
  });

  it("escape what Mermaid would read as syntax", () => {
    const spec = protocol({ name: "Esc", title: "t", source: "test", description: "" }, (p) => {
      const I = p.role("I", "init; #1");
      const R = p.role("R");
      p.message("1", I, R, hash("f", p.fresh(I, "n", "Nonce")), { description: "x" });
    });
    const d = mermaidDiagram(spec);
    expect(d).toContain("participant I as I: init#59; #35;1");
    expect(d).not.toMatch(/init; /);
  });
});
