// medexchain fuzz: property-based fuzzing (fast-check) of every decoder, every role's receive path
// and every contract entry point; writes out/fuzz/report.json; exit 1 if any property broke.
// `npm run fuzz` runs 10,000 cases per target.
import { CommandUsageError, defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCampaign } from "../../adversary/fuzz/campaign.ts";
import type { TargetGroup } from "../../adversary/fuzz/target.ts";

const GROUPS: readonly TargetGroup[] = ["decoder", "receive", "contract"];

/** Run a fuzzing campaign; exit code 0 when every property held. */
export const command = defineCommand({
  name: "fuzz",
  summary: "Property-based fuzzing (fast-check) of every decoder, every role's receive path and every contract entry point: malformed and mutated inputs must be rejected with a typed error, never crash or be acted on. Exit 1 if any property broke.",
  options: {
    runs: { type: "string", value: "N", default: "1000", description: "cases per target (`npm run fuzz` runs 10000)" },
    seed: { type: "string", value: "S", description: "fast-check seed (an integer), to replay a campaign" },
    group: { type: "string", value: "G", multiple: true, description: `target groups to run: ${GROUPS.join(", ")} (default: all)` },
    only: { type: "string", value: "TEXT", description: "run only the targets whose name contains TEXT" },
    out: { type: "string", value: "DIR", description: "where to write report.json (default: out/fuzz under the repository root)" },
    json: { type: "boolean", description: "print the report as JSON" },
  },
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new CommandUsageError("fuzz", `--runs must be a positive integer, got "${values.runs}"`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new CommandUsageError("fuzz", `--seed must be an integer, got "${values.seed}"`);
  const groups = (values.group ?? [...GROUPS]) as TargetGroup[];
  const unknown = groups.filter((g) => !GROUPS.includes(g));
  if (unknown.length) throw new CommandUsageError("fuzz", `--group must be one of ${GROUPS.join(", ")}; got ${unknown.join(", ")}`);
  const t0 = performance.now();
  const report = await runCampaign({
    runs,
    groups,
    ...(seed !== undefined ? { seed } : {}),
    ...(values.only ? { only: values.only } : {}),
    onResult: values.json
      ? undefined
      : (r) => {
          const tally = Object.entries(r.outcomes)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 4)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ");
          console.log(`${r.ok ? "ok    " : "BROKEN"} ${r.name.padEnd(44)} ${String(r.runs).padStart(6)} cases ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${tally}`);
          if (r.counterexample) console.log(`       ${r.counterexample}`);
        },
  });
  if (report.targets.length === 0) {
    console.error(`medexchain fuzz: no target matches --only "${values.only}" in groups ${groups.join(", ")}`);
    return 2;
  }
  const out = outPath(values.out, "out", "fuzz");
  mkdirSync(out, { recursive: true });
  const file = join(out, "report.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(report, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else console.log(`\n${report.targets.filter((t) => t.ok).length}/${report.targets.length} targets held over ${runs} cases each (seed ${report.seed}, ${((performance.now() - t0) / 1000).toFixed(0)} s); wrote ${file}`);
  return report.ok ? 0 : 1;
}
