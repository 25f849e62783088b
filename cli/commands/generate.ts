// medexchain generate [--check]: write models/ (and generated docs) from the specs, or verify they are fresh.
import { parseArgs } from "node:util";
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { SPECS } from "../../protocol/registry.ts";
import { assertWellFormed } from "../../protocol/check.ts";
import { allArtefacts } from "../../generators/index.ts";
import { repoRoot } from "../repo-root.ts";

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { check: { type: "boolean" } } });
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
