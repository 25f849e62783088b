// medexchain bench [--quick] [--json] [--out DIR]: primitives, per-party costs, bytes on the wire,
// Umbral side by side, the mcl-wasm backend, end to end on embedded chains; writes
// out/bench/results.json and out/bench/results.md (see docs/benchmarks.md).
import { defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PLANS, runBenchmark, type BenchResults } from "../../bench/run.ts";
import { renderMarkdown, summaryTable, measuredOn } from "../../bench/report-markdown.ts";
import { repoRoot } from "../repo-root.ts";
import { runScaleBenchmark } from "../../bench/scale.ts";
import { scaleMarkdown, scaleSvg } from "../../bench/scale-report.ts";
import { CommandUsageError } from "../command-spec.ts";

export const command = defineCommand({
  name: "bench",
  summary: "Benchmarks: primitives, each party's computation per phase, bytes on the wire, the PRE beside Umbral, the mcl-wasm backend, end-to-end latency, throughput and gas on embedded chains (docs/benchmarks.md). Goals are reported, never asserted.",
  options: {
    quick: { type: "boolean", description: "fewer repetitions and shares (under 2 minutes)" },
    micro: { type: "boolean", description: "one repetition of everything (a smoke test of the output's shape; the numbers mean nothing)" },
    json: { type: "boolean", description: "print results.json instead of the summary" },
    out: { type: "string", value: "DIR", description: "where to write results.json, results.md and readme.md (default: out/bench under the repository root)" },
    scale: { type: "boolean", description: "the scale benchmark instead: every party a separate process on hardhat nodes, N shares at each of --sizes; writes scale.json, scale.md and scale.svg" },
    sizes: { type: "string", value: "N,…", default: "10,100,1000", description: "with --scale: the numbers of shares, each in a fresh deployment" },
    patients: { type: "string", value: "N", default: "2", description: "with --scale: patients (each her own agent process); records are spread over them" },
    "in-flight": { type: "string", value: "N", default: "64", description: "with --scale: shares handed over and not yet acknowledged, at most (64 keeps the pipeline busy: sustained throughput; latency is then mostly queueing)" },
    profile: { type: "string", value: "DIR", description: "with --scale: write a V8 CPU profile of every service process into DIR (node --cpu-prof; open in Chrome DevTools or speedscope)" },
  },
});

function writeAtomic(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
}

/** Writes results.json, results.md and readme.md (the summary the README shows) into `dir`. */
export function writeResults(dir: string, r: BenchResults): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, "results.json"), JSON.stringify(r, null, 2) + "\n");
  writeAtomic(join(dir, "results.md"), renderMarkdown(r));
  writeAtomic(join(dir, "readme.md"), `${measuredOn(r)}\n\n${summaryTable(r)}\n\nMethod, definitions and analysis: [docs/benchmarks.md](docs/benchmarks.md); every table: \`out/bench/results.md\` (\`npm run bench\`).\n`);
}

/** Entry point of `medexchain bench`. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  if (values.scale) {
    const sizes = values.sizes.split(",").map(Number);
    if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new CommandUsageError("bench", `--sizes takes positive integers separated by commas, not ${values.sizes}`);
    const r = await runScaleBenchmark({ sizes, patients: Number(values.patients), inFlight: Number(values["in-flight"]), ...(values.profile ? { profileDir: resolve(values.profile) } : {}) }, values.json ? () => {} : (l) => console.log(l));
    const dir = outPath(values.out, "out", "bench");
    mkdirSync(dir, { recursive: true });
    writeAtomic(join(dir, "scale.json"), JSON.stringify(r, null, 2) + "\n");
    writeAtomic(join(dir, "scale.md"), scaleMarkdown(r));
    writeAtomic(join(dir, "scale.svg"), scaleSvg(r));
    if (values.json) console.log(JSON.stringify(r, null, 2));
    else console.log(`\n${scaleMarkdown(r)}\nwrote ${join(dir, "scale.json")}, scale.md and scale.svg`);
    return 0;
  }
  const plan = values.micro ? PLANS.micro : values.quick ? PLANS.quick : PLANS.full;
  const root = repoRoot();
  const dir = outPath(values.out, "out", "bench");
  const log = values.json ? () => {} : (l: string) => console.log(l);
  const r = await runBenchmark(plan, root, log);
  writeResults(dir, r);
  if (values.json) console.log(JSON.stringify(r, null, 2));
  else {
    console.log(`\n${measuredOn(r)}\n\n${summaryTable(r)}\n`);
    for (const g of r.goals.filter((x) => !x.met)) console.log(`goal missed: ${g.name} ${g.measured.toFixed(2)} ${g.unit} vs ${g.kind === "max" ? "≤" : "≥"} ${g.target} (by ${(g.missedByRatio * 100).toFixed(0)}%)`);
    console.log(`\nwrote ${join(dir, "results.json")} and ${join(dir, "results.md")} (${r.details.wallSeconds.toFixed(1)} s)`);
  }
  return 0;
}
