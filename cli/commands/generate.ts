// medexchain generate [--check]: write models/ (and generated docs) from the specs, or verify they are fresh.
import { defineCommand, parseCommand } from "../command-spec.ts";
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { SPECS } from "../../protocol/registry.ts";
import { assertWellFormed } from "../../protocol/check.ts";
import { allArtefacts } from "../../generators/index.ts";
import { repoRoot } from "../repo-root.ts";

export const command = defineCommand({
  name: "generate",
  summary: "Write models/ (Scyther .spdl, Mermaid, BAN obligations) and docs/protocol.md from the specs, under the repository root.",
  options: {
    check: { type: "boolean", description: "write nothing; exit 1 if a generated file is stale" },
  },
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  for (const s of SPECS) assertWellFormed(s);
  const root = repoRoot();
  const artefacts = allArtefacts(SPECS);
  if (values.check) {
    const stale = artefacts.filter((a) => {
      const p = join(root, a.path);
      return !existsSync(p) || readFileSync(p, "utf8") !== a.content;
    });
    for (const a of stale) console.error(`stale: ${a.path}`);
    if (stale.length > 0) {
      console.error(`medexchain generate --check: ${stale.length} generated file(s) do not match the spec; run \`npm run generate\` and commit the result.`);
      return 1;
    }
    console.log(`generated files are fresh (${artefacts.length} files)`);
    return 0;
  }
  for (const a of artefacts) {
    const p = join(root, a.path);
    mkdirSync(dirname(p), { recursive: true });
    // Write beside and rename, so an interrupted run never leaves a half-written model.
    writeFileSync(`${p}.tmp`, a.content);
    renameSync(`${p}.tmp`, p);
  }
  console.log(`wrote ${artefacts.length} files: ${artefacts.map((a) => a.path).join(", ")}`);
  return 0;
}
