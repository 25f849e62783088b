// medexchain attacks: run the attack gallery (each scenario on fresh embedded chains), print each
// scenario's expected and observed outcome, write out/attacks/report.json; exit 1 unless all hold.
import { defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runGallery } from "../../adversary/attacks/gallery.ts";

/** Run the attack gallery; exit code 0 when every scenario holds. */
export const command = defineCommand({
  name: "attacks",
  summary: "Run the attack gallery, each scenario on fresh embedded chains; exit 1 unless every attack is rejected or detected as expected.",
  options: {
    json: { type: "boolean", description: "print the report as JSON" },
    only: { type: "string", value: "TEXT", description: "run only the scenarios whose name contains TEXT" },
    out: { type: "string", value: "DIR", description: "where to write report.json (default: out/attacks under the repository root)" },
  },
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
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
  const out = outPath(values.out, "out", "attacks");
  mkdirSync(out, { recursive: true });
  const file = join(out, "report.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(report, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
  const held = report.scenarios.filter((s) => s.held).length;
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else console.log(`\n${held}/${report.scenarios.length} scenarios held (${((performance.now() - t0) / 1000).toFixed(1)} s); wrote ${file}`);
  return report.held ? 0 : 1;
}
