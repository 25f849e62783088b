import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { importClosure, importEdges, packageImports } from "./import-graph.ts";
import { directionViolations, layoutCycles, MAY_IMPORT } from "./layout-rules.ts";

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

describe("the product path does not load the compiler", () => {
  // Deploying, the demo, the relay process and every command run from committed artefacts; only the
  // contract build and its freshness test may load solc (reference/contracts/compile.ts).
  const folders = ["protocol", "generators", "verify", "reference", "scenario", "adversary", "conformance", "bench", "cli"];
  const edges = importEdges(repo, folders);
  const entries = [...readdirSync(join(repo, "cli/commands")).map((f) => `cli/commands/${f}`), "cli/main.ts", "reference/relay/relay-main.ts"];

  it("no command and no relay process reaches a module that imports solc", () => {
    const reached = importClosure(edges, entries);
    const loaders = [...reached].filter((f) => existsSync(join(repo, f)) && packageImports(repo, f).includes("solc"));
    expect(loaders).toEqual([]);
  });

  it("the check sees solc when a command reaches the compiler", () => {
    const planted = [...edges, { from: "cli/commands/demo.ts", to: "reference/contracts/artefacts.ts", specifier: "../../reference/contracts/artefacts.ts" }];
    const reached = importClosure(planted, entries);
    expect([...reached].filter((f) => existsSync(join(repo, f)) && packageImports(repo, f).includes("solc"))).toEqual(["reference/contracts/compile.ts"]);
  });
});

describe("folder headers", () => {
  it("every top-level folder's README says what it may import, as the direction test enforces", () => {
    for (const [folder, allowed] of Object.entries(MAY_IMPORT)) {
      const text = readFileSync(join(repo, folder, "README.md"), "utf8");
      const line = text.split("\n").find((l) => l.startsWith("May import:"));
      expect(line, `${folder}/README.md has no "May import:" line`).toBeDefined();
      const named = [...line!.matchAll(/\b([a-z]+)\//g)].map((m) => m[1]!).sort();
      expect(named, `${folder}/README.md`).toEqual([...allowed].sort());
    }
  });

  it("the README's map names every top-level folder", () => {
    const readme = readFileSync(join(repo, "README.md"), "utf8");
    const map = readme.slice(readme.indexOf("## Map"));
    for (const folder of [...Object.keys(MAY_IMPORT), "test", "docs"]) expect(map).toContain(`\`${folder}/\``);
  });
});
