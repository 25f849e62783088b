// medexchain attacks: run the attack gallery (each scenario on fresh embedded chains), print each
// scenario's expected and observed outcome, write out/attacks/report.json; exit 1 unless all hold.
import { parseArgs } from "node:util";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runGallery } from "../../adversary/attacks/gallery.ts";
import { repoRoot } from "../repo-root.ts";

/** Run the attack gallery; exit code 0 when every scenario holds. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: "boolean" },
      only: { type: "string" },
      out: { type: "string" },
    },
  });
  const t0 = performance.now();
  const report = await runGallery({
    ...(values.only ? { only: values.only } : {}),
    onResult: values.json
      ? undefined
      : (r) => {
          console.log(`${r.held ? "HELD " : "FAILED"} ${r.name}  [${r.party}]`);
          console.log(`       expected: ${r.expected}`);
          console.log(`       observed: ${r.observed}`);
        },
  });
  if (report.scenarios.length === 0) {
    console.error(`medexchain attacks: no scenario matches --only "${values.only}"`);
    return 2;
  }
  const out = values.out ?? join(repoRoot(), "out", "attacks");
  mkdirSync(out, { recursive: true });
  const file = join(out, "report.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(report, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
  const held = report.scenarios.filter((s) => s.held).length;
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else console.log(`\n${held}/${report.scenarios.length} scenarios held (${((performance.now() - t0) / 1000).toFixed(1)} s); wrote ${file}`);
  return report.held ? 0 : 1;
}
