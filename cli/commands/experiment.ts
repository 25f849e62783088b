// medexchain experiment asa|cpa|timing [--trials N] [--seed S] [--json]
// Runs a cryptographic experiment, prints a table (or the JSON with --json) and writes
// out/experiments/<name>.json.
import { defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runAsaExperiment, type AsaResult } from "../../adversary/experiments/asa.ts";
import { runCpaExperiment, type CpaLine, type CpaResult } from "../../adversary/experiments/cpa.ts";
import { runCryptoTiming, type CryptoTiming } from "../../adversary/experiments/crypto-timing.ts";

export const command = defineCommand({
  name: "experiment",
  summary: "Cryptographic experiments; each prints a table and writes out/experiments/<name>.json under the repository root.",
  positionals: `asa|cpa|timing: asa — a subverted device leaking its key through PRE randomness, without and with the reverse firewall (default 4000 trials); cpa — the IND-CPA game at both ciphertext levels against a sample of adversaries (default 500 trials); timing — the cost of every cryptographic operation per party (default 20 runs)`,
  options: {
    trials: { type: "string", value: "N", description: "trials (asa, cpa) or runs per operation (timing)" },
    seed: { type: "string", value: "S", default: "MedExChain/v1/experiment", description: "seed of the experiment's randomness (asa, cpa)" },
    json: { type: "boolean", description: "print the result as JSON" },
  },
});

const USAGE = `run \`medexchain experiment --help\` for the experiments and options\n`;

const DEFAULT_TRIALS: Record<string, number> = { asa: 4000, cpa: 500, timing: 20 };

function fmt(x: number, digits = 4): string {
  return x.toFixed(digits);
}

function printAsa(r: AsaResult): void {
  console.log(`ASA experiment: ${r.leakedSecret}; ${r.trials} uploads, seed "${r.seed}"`);
  console.log(`  setting              success   advantage  ±noise(99%)  whole key recovered`);
  console.log(`  without firewall     ${fmt(r.withoutCrf.success)}    ${fmt(r.withoutCrf.advantage)}     ${fmt(r.withoutCrf.noise99)}       ${r.withoutCrf.keyRecovered}`);
  console.log(`  with firewall (CRF)  ${fmt(r.withCrf.success)}    ${fmt(r.withCrf.advantage)}     ${fmt(r.withCrf.noise99)}       ${r.withCrf.keyRecovered}`);
  console.log(`  device draws per upload: ${fmt(r.drawsPerUpload, 2)} (honest: 1); ciphertexts still decrypt correctly: ${r.decryptsCorrectly}`);
  console.log(`  residual channel (${r.residual.channel}):`);
  console.log(`    with firewall: success ${fmt(r.residual.withCrf.success)} over ${r.residual.trials} uploads — see docs/crypto.md, "Residual channels"`);
}

function printCpaLines(title: string, lines: CpaLine[]): void {
  console.log(`  ${title}`);
  for (const l of lines) {
    console.log(`    ${l.adversary.padEnd(32)} ${l.inModel ? "in model " : "control  "} success ${fmt(l.success)}  advantage ${fmt(l.advantage)}  (±${fmt(l.noise99)})`);
  }
}

function printCpa(r: CpaResult): void {
  console.log(`IND-CPA experiment: ${r.trials} trials, seed "${r.seed}"`);
  console.log(`  model: ${r.model}`);
  printCpaLines("second-level ciphertexts (as anchored on chain A)", r.secondLevel);
  printCpaLines("first-level ciphertexts (as delivered to chain B)", r.firstLevel);
  printCpaLines("control game", [r.stuckRandomnessControl]);
  console.log(`  largest in-model advantage: ${fmt(r.maxInModelAdvantage)} (noise floor at 99%: ${fmt(r.secondLevel[0]!.noise99)})`);
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
  if (!name || !(name in DEFAULT_TRIALS) || positionals.length > 1) {
    process.stderr.write(`medexchain experiment: expected one of asa, cpa, timing${name ? `, got "${positionals.join(" ")}"` : ""}\n${USAGE}`);
    return 2;
  }
  const trials = values.trials === undefined ? DEFAULT_TRIALS[name]! : Number(values.trials);
  if (!Number.isInteger(trials) || trials < 1) {
    process.stderr.write(`medexchain experiment: --trials must be a positive integer, got "${values.trials}"\n`);
    return 2;
  }
  const seed = values.seed!;
  let result: AsaResult | CpaResult | CryptoTiming;
  let file: string;
  if (name === "asa") {
    result = runAsaExperiment({ trials, seed });
    file = "asa.json";
    if (!values.json) printAsa(result);
  } else if (name === "cpa") {
    result = runCpaExperiment({ trials, seed });
    file = "cpa.json";
    if (!values.json) printCpa(result);
  } else {
    result = runCryptoTiming(trials);
    file = "crypto-timing.json";
    if (!values.json) printTiming(result);
  }
  const dir = outPath(undefined, "out", "experiments");
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(result, null, 2) + "\n";
  writeFileSync(join(dir, file), text);
  if (values.json) process.stdout.write(text);
  else console.log(`wrote ${join(dir, file)}`);
  return 0;
}
