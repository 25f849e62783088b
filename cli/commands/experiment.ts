// medexchain experiment asa|cpa|timing [--trials N] [--control-trials N] [--seed S] [--json]
// Runs a cryptographic experiment, prints a table (or the JSON with --json) and writes
// out/experiments/<name>.json under the repository root. asa and cpa exit 1 when a negative control is certified or the real
// construction is rejected: the experiment then cannot vouch for anything.
import { defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runAsaExperiment, type AsaResult } from "../../adversary/experiments/asa.ts";
import { runCpaExperiment, type CpaResult } from "../../adversary/experiments/cpa.ts";
import { runCryptoTiming, type CryptoTiming } from "../../adversary/experiments/crypto-timing.ts";
import { useFastBackend } from "../../reference/crypto/index.ts";

export const command = defineCommand({
  name: "experiment",
  summary: "Cryptographic experiments; each prints a table and writes out/experiments/<name>.json under the repository root. asa and cpa exit 1 if any negative control is certified or the real construction is rejected.",
  positionals: `asa|cpa|timing: asa — a subverted device in the real upload path (device → firewall role → HA → chain A, storage) against the reverse firewall and broken firewalls (negative controls), every published field's leak and capacity (default trials from the stated significance and power); cpa — IND-CPA games (second level, first level, record) with the scheme under test as challenger and oracle, against the record-bound grant and broken schemes (controls); timing — the cost of every cryptographic operation per party (default 20 runs)`,
  options: {
    trials: { type: "string", value: "N", description: "trials of the real construction (asa, cpa; default derived from the significance and power) or runs per operation (timing)" },
    "control-trials": { type: "string", value: "N", description: "trials of each negative control (asa, cpa)" },
    seed: { type: "string", value: "S", default: "MedExChain/v1/experiment", description: "seed of the experiment's randomness (asa, cpa)" },
    json: { type: "boolean", description: "print the result as JSON" },
  },
});

const USAGE = `run \`medexchain experiment --help\` for the experiments and options\n`;

const NAMES = ["asa", "cpa", "timing"] as const;

function fmt(x: number, digits = 4): string {
  return x.toFixed(digits);
}

const ci = ([lo, hi]: [number, number], d = 3) => `[${fmt(lo, d)}, ${fmt(hi, d)}]`;

function printAsa(r: AsaResult): void {
  const d = r.design;
  console.log(`ASA experiment: ${r.leakedSecret}; seed "${r.seed}"`);
  console.log(
    `  decision: one-sided test at α = ${d.significance}; detectable advantage ${d.detectableAdvantage} with power ${d.power} needs ${d.requiredTrials} uploads; ran ${d.trials} (power ${fmt(d.powerAtTrials, 3)}), controls built to leak completely ${r.controlTrials}`,
  );
  for (const run of r.runs) {
    console.log(`  ${run.control ? "control" : "REAL   "} ${run.firewall} — ${run.verdict.toUpperCase()} (${run.trials} uploads, ${fmt(run.drawsPerUpload, 1)} candidate uploads each, decrypts: ${run.decryptsCorrectly})`);
    for (const c of run.channels) {
      if (!c.published) {
        console.log(`      ${c.channel.padEnd(20)} not published`);
        continue;
      }
      const e = c.estimate;
      console.log(
        `      ${c.channel.padEnd(20)} ${c.firewallCloses ? "closed " : "residual"} success ${fmt(e.success, 3)}  advantage ${fmt(e.advantage, 3)} ${ci(e.advantageCi)}  p ${e.pValue.toExponential(1)}  capacity ${fmt(c.capacity.bitsPerUpload, 3)} ${ci(c.capacity.ci)} bit/upload`,
      );
    }
  }
}

function printCpa(r: CpaResult): void {
  const d = r.design;
  console.log(`IND-CPA experiment: seed "${r.seed}"`);
  console.log(`  model: ${r.model}`);
  console.log(
    `  decision: one-sided test per line at α/k = ${d.lineSignificance.toPrecision(2)} (α = ${d.significance}); advantage ${d.detectableAdvantage} with power ${d.power} needs ${d.requiredTrials} trials; ran ${d.trials} (power ${fmt(d.powerAtTrials, 3)}), controls built to fail completely ${r.controlTrials}`,
  );
  for (const run of r.runs) {
    console.log(`  ${run.control ? "control" : "REAL   "} ${run.scheme} — ${run.verdict.toUpperCase()} (${run.trials} trials)`);
    for (const l of run.lines) {
      console.log(`      ${`${l.game} / ${l.adversary}`.padEnd(46)} success ${fmt(l.success, 3)}  advantage ${fmt(l.advantage, 3)} ${ci(l.advantageCi)}  p ${l.pValue.toExponential(1)}${l.detected ? "  DETECTED" : ""}`);
    }
  }
}

function printTiming(r: CryptoTiming): void {
  console.log(`Cryptographic cost per operation: median CPU time (wall time) of ${r.runs} runs, node ${r.node}, load average ${r.loadAverage.map((x) => x.toFixed(2)).join(" ")}`);
  for (const l of r.lines) {
    console.log(`  ${l.phase.padEnd(7)} ${l.party.padEnd(11)} ${fmt(l.medianMs, 2).padStart(7)} ms (${fmt(l.medianWallMs, 2).padStart(7)})  ${l.inTotals ? "" : "(not summed) "}${l.operation}`);
  }
  console.log(`  device per upload: ${fmt(r.deviceUploadMs, 2)} ms (PRE encryption alone ${fmt(r.devicePreEncryptMs, 2)} ms; ${fmt(r.devicePreEncryptOnlineMs, 2)} ms online with offline precomputation)`);
  console.log(`  upload, all parties: ${fmt(r.uploadTotalMs, 2)} ms; cross-chain share, all parties: ${fmt(r.shareTotalMs, 2)} ms`);
  console.log(`  one-off tables: Z ${fmt(r.setup.zTableMs, 0)} ms, patient key ${fmt(r.setup.ownerTableMs, 0)} ms`);
  console.log(`  calibration in this run: one pairing ${fmt(r.calibration.pairingMs, 2)} ms, one Fp12 product ${fmt(r.calibration.fp12MulMs, 3)} ms`);
}

/** Entry point of `medexchain experiment`. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { positionals, values } = parsed;
  const name = positionals[0];
  if (!name || !(NAMES as readonly string[]).includes(name) || positionals.length > 1) {
    process.stderr.write(`medexchain experiment: expected one of asa, cpa, timing${name ? `, got "${positionals.join(" ")}"` : ""}\n${USAGE}`);
    return 2;
  }
  const count = (flag: "trials" | "control-trials"): number | undefined | null => {
    const v = values[flag];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      process.stderr.write(`medexchain experiment: --${flag} must be a positive integer, got "${v}"\n`);
      return null;
    }
    return n;
  };
  const trials = count("trials");
  const controlTrials = count("control-trials");
  if (trials === null || controlTrials === null) return 2;
  const seed = values.seed!;
  const opts = { seed, ...(trials ? { trials } : {}), ...(controlTrials ? { controlTrials } : {}) };
  let result: AsaResult | CpaResult | CryptoTiming;
  let failures: string[] = [];
  if (name === "asa" || name === "cpa") await useFastBackend();
  if (name === "asa") {
    const r = await runAsaExperiment({
      ...opts,
      onRun: (x) => process.stderr.write(`  done: ${x.firewall}: ${x.verdict} over ${x.trials} uploads; ${JSON.stringify(x.channels.map((c) => [c.channel, c.estimate.wins, c.estimate.trials]))}\n`),
    });
    if (!values.json) printAsa(r);
    result = r;
    failures = r.failures;
  } else if (name === "cpa") {
    const r = runCpaExperiment(opts);
    if (!values.json) printCpa(r);
    result = r;
    failures = r.failures;
  } else {
    result = runCryptoTiming(trials ?? 20);
    if (!values.json) printTiming(result);
  }
  const file = name === "timing" ? "crypto-timing.json" : `${name}.json`;
  const dir = outPath(undefined, "out", "experiments");
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(result, null, 2) + "\n";
  writeFileSync(join(dir, file), text);
  if (values.json) process.stdout.write(text);
  else console.log(`wrote ${join(dir, file)}`);
  for (const f of failures) process.stderr.write(`medexchain experiment ${name}: ${f}\n`);
  return failures.length ? 1 : 0;
}
