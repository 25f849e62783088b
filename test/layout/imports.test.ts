import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { directionViolations, layoutCycles } from "./layout-rules.ts";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

describe("import direction", () => {
  it("no source file imports against the layout's direction", () => {
    const found = directionViolations(repo).map((v) => `${v.edge.from} imports ${v.edge.specifier} (${v.rule})`);
    expect(found).toEqual([]);
  });

  it("no cycles between folders", () => {
    expect(layoutCycles(repo)).toEqual([]);
  });
});

describe("import direction check on a planted tree", () => {
  const dir = mkdtempSync(join(tmpdir(), "medexchain-layout-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write("protocol/language.ts", `export const a = 1;\n`);
  write("reference/crypto/x.ts", `import { a } from "../../protocol/language.ts";\nexport const x = a;\n`);
  write("scenario/demo.ts", `import { x } from "../reference/crypto/x.ts";\nexport const d = x;\n`);

  it("accepts a tree that follows the direction", () => {
    expect(directionViolations(dir)).toEqual([]);
    expect(layoutCycles(dir)).toEqual([]);
  });

  it("reports protocol/ importing outside itself, a dynamic import() upward and a type-only re-export", () => {
    write("protocol/leak.ts", `import { x } from "../reference/crypto/x.ts";\nexport const l = x;\n`);
    write("reference/roles/r.ts", `export async function f() { return (await import("../../scenario/demo.ts")).d; }\n`);
    write("adversary/a.ts", `export type { B } from "../bench/b.ts";\n`);
    write("bench/b.ts", `export type B = number;\n`);
    const found = directionViolations(dir).map((v) => `${v.edge.from} -> ${v.edge.specifier}`).sort();
    expect(found).toEqual([
      "adversary/a.ts -> ../bench/b.ts",
      "protocol/leak.ts -> ../reference/crypto/x.ts",
      "reference/roles/r.ts -> ../../scenario/demo.ts",
    ]);
    expect(layoutCycles(dir).length).toBeGreaterThan(0); // protocol → reference → protocol
  });

  it("reports a cycle between two sub-folders of one folder", () => {
    const sub = mkdtempSync(join(tmpdir(), "medexchain-layout-cycle-"));
    try {
      mkdirSync(join(sub, "reference/roles"), { recursive: true });
      mkdirSync(join(sub, "reference/semantics"), { recursive: true });
      writeFileSync(join(sub, "reference/roles/endpoint.ts"), `export { v } from "../semantics/s.ts";\n`);
      writeFileSync(join(sub, "reference/semantics/s.ts"), `import "../roles/endpoint.ts";\nexport const v = 1;\n`);
      expect(directionViolations(sub)).toEqual([]);
      expect(layoutCycles(sub)).toEqual([["reference/roles", "reference/semantics"]]);
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  });
});
