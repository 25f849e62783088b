// medexchain verify [protocol|family…] [--mutants] [--max-runs N | --unbounded] [--match N] [--timeout S] [--jobs N] [--json]
// Runs every Scyther claim of the models (one process per claim, in parallel), the checks that need no
// Scyther, and the BAN prover; writes out/verify/report.{json,md} and the attack graphs of failed claims.
// Exit 0: every verdict as expected; 1: some verdict or check differs; 3: Scyther is missing (the rest ran).
import { defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { SPECS, specsNamed, UnknownProtocolError } from "../../protocol/registry.ts";
import type { ProtocolSpec } from "../../protocol/language.ts";
import { modelPath, spdlModel } from "../../generators/spdl.ts";
import type { SpdlOptions } from "../../generators/spdl-view.ts";
import { findScyther, ScytherNotFoundError, type ScytherBinary } from "../../verify/scyther-locate.ts";
import { describeFailure } from "../../protocol/errors.ts";
import { DEFAULT_SETTINGS, type ScytherSettings } from "../../verify/scyther-run.ts";
import { defaultConcurrency } from "../../verify/pool.ts";
import { runClaims, type ModelUnderTest } from "../../verify/claims.ts";
import { hasGraphviz, writeAttackGraph } from "../../verify/attacks.ts";
import { claimsTable, reportMarkdown, type ClaimReport, type SectionReport, type VerifyReport } from "../../verify/report.ts";
import { SECTIONS } from "../../verify/sections.ts";
import { runMutation, type MutantOutcome } from "../../verify/mutation.ts";
import { findProverif, ProverifNotFoundError, type ProverifBinary } from "../../verify/proverif-locate.ts";
import { runQueries } from "../../verify/proverif-run.ts";
import { sideBySideTable, type ProverifQueryReport } from "../../verify/report.ts";
import { repoRoot } from "../repo-root.ts";
import { MedExChainError } from "../../protocol/errors.ts";

/** Exit codes: distinct for "Scyther missing" so CI can tell it from a failed verification. */
export const EXIT = { ok: 0, mismatch: 1, usage: 2, scytherMissing: 3, verifierMissing: 3 } as const;

/** The mutation score the project holds itself to. */
export const MUTATION_TARGET = 0.9;

class VerifyUsageError extends MedExChainError {
  constructor(detail: string) {
    super("E_VERIFY_USAGE", `medexchain verify: ${detail}`, "run `medexchain verify --help` for the options");
  }
}

export const command = defineCommand({
  name: "verify",
  summary: "Scyther and ProVerif on every claim of the selected specs (one process per claim, in parallel), the model checks and the BAN prover; writes out/verify/report.{json,md} under the repository root and the attack graphs of failed claims.",
  positionals: "[protocol|family…]: the specs to verify (default: all)",
  options: {
    mutants: { type: "boolean", description: "verify every mutant of the MedExChain specs with Scyther and the BAN prover; write out/verify/mutants.json (BAN only, exit 3, without Scyther)" },
    "max-runs": { type: "string", value: "N", description: "Scyther's bound on runs (default 5, Scyther's default)" },
    unbounded: { type: "boolean", description: "no bound on runs" },
    match: { type: "string", value: "N", description: "type matching: 0 no type flaws (default), 1 basic, 2 all" },
    timeout: { type: "string", value: "S", description: "per-claim limit in seconds (default 120)" },
    jobs: { type: "string", value: "N", description: "Scyther and ProVerif processes at once (default: one per core)" },
    "no-proverif": { type: "boolean", description: "skip ProVerif (its queries are then not checked)" },
    only: { type: "string", value: "ID,ID", description: "with --mutants: only these mutants (ids as in mutants.json)" },
    json: { type: "boolean", description: "print the report as JSON instead of the table" },
    out: { type: "string", value: "DIR", description: "write the reports there (default: out/verify under the repository root)" },
    opaque: { type: "boolean", description: "generate models in opaque mode (parts a role cannot open are Ticket variables; sounder, much slower: docs/abstractions.md, \"Receive patterns\")" },
  },
  details: "exit codes: 0 all as expected, 1 some verdict differs, 2 usage, 3 Scyther or ProVerif not found (the rest still ran)",
});

function writeAtomically(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
}

function intOption(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new VerifyUsageError(`--${name} needs an integer ≥ ${min}, not "${value}"`);
  return n;
}

/** The committed model when it is what the spec generates today; otherwise a fresh copy under out/verify/models. */
function modelFor(spec: ProtocolSpec, root: string, outDir: string, options: SpdlOptions): ModelUnderTest {
  const committed = join(root, modelPath(spec));
  const text = spdlModel(spec, options);
  if (existsSync(committed) && readFileSync(committed, "utf8") === text) return { spec, modelFile: committed, options };
  const dir = join(outDir, options.opaque ? "models-opaque" : "models");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${spec.name}.spdl`);
  writeFileSync(file, text);
  return { spec, modelFile: file, options };
}

async function runSections(root: string, outDir: string, specs: readonly ProtocolSpec[], selection: readonly string[]): Promise<SectionReport[]> {
  const out: SectionReport[] = [];
  for (const s of SECTIONS) {
    try {
      out.push(await s.run({ root, outDir, specs, selection }));
    } catch (e) {
      out.push({ name: s.name, ok: false, summary: `the section failed to run: ${describeFailure(e)}`, files: [], problems: [(e as Error).message] });
    }
  }
  return out;
}

async function verifyClaims(scyther: ScytherBinary, specs: readonly ProtocolSpec[], settings: ScytherSettings, model: SpdlOptions, jobs: number, root: string, outDir: string, quiet: boolean): Promise<ClaimReport[]> {
  const models = specs.map((s) => modelFor(s, root, outDir, model));
  const total = models.reduce((n, m) => n + m.spec.claims.filter((c) => c.type !== "Running").length, 0);
  let done = 0;
  const outcomes = await runClaims(scyther, models, settings, {
    concurrency: jobs,
    onResult: (o) => {
      done++;
      if (!quiet) process.stderr.write(`  [${done}/${total}] ${o.claim.protocol},${o.claim.label} ${o.run.status} (${o.run.seconds.toFixed(1)} s)\n`);
    },
  });
  const render = await hasGraphviz();
  const attackDir = join(outDir, "attacks");
  const reports: ClaimReport[] = [];
  for (const o of outcomes) {
    if (o.run.status === "Fail" && o.run.dot) {
      const attackGraph = await writeAttackGraph(root, attackDir, `${o.claim.protocol}-${o.claim.label}`, o.run.dot, render);
      reports.push({ ...o.report, attackGraph });
    } else reports.push(o.report);
  }
  return reports;
}

async function verifyQueries(proverif: ProverifBinary, specs: readonly ProtocolSpec[], timeoutSeconds: number, jobs: number, root: string, outDir: string, quiet: boolean): Promise<ProverifQueryReport[]> {
  const dir = join(outDir, "proverif");
  let done = 0;
  const runs = await runQueries(proverif, specs, { timeoutSeconds }, {
    concurrency: jobs,
    dir,
    onResult: (r) => {
      done++;
      if (!quiet) process.stderr.write(`  [proverif ${done}] ${r.query.protocol},${r.query.label} ${r.status} (${r.seconds.toFixed(1)} s)\n`);
    },
  });
  return runs.map((r) => ({
    protocol: r.query.protocol,
    label: r.query.label,
    role: r.query.role,
    kind: r.query.kind,
    status: r.status,
    answer: r.answer,
    seconds: Number(r.seconds.toFixed(3)),
    expected: r.query.expected,
    matchesExpected: r.status === r.query.expected,
    files: { model: relative(root, join(dir, r.modelFile)), output: relative(root, join(dir, r.outputFile)) },
    ...(r.detail ? { detail: r.detail } : {}),
  }));
}

async function mutantsCommand(scyther: ScytherBinary | undefined, specs: readonly ProtocolSpec[], settings: ScytherSettings, model: SpdlOptions, jobs: number, root: string, outDir: string, json: boolean, proverif: ProverifBinary | undefined, only: readonly string[] | undefined): Promise<number> {
  const report = await runMutation(scyther, specs, settings, {
    concurrency: jobs,
    ...(proverif ? { proverif: { binary: proverif, timeoutSeconds: settings.timeoutSeconds } } : {}),
    ...(only ? { only } : {}),
    model,
    workDir: join(outDir, "mutants"),
    onMutant: (o, i, n) => {
      if (!json) console.log(`  [${i}/${n}] ${o.killed ? "killed  " : "SURVIVED"} ${o.mutant}${o.killedBy ? ` by ${killers(o)}` : ""} (${o.seconds.toFixed(1)} s)`);
    },
  });
  writeAtomically(join(outDir, "mutants.json"), `${JSON.stringify(report, null, 2)}\n`);
  if (json) console.log(JSON.stringify(report, null, 2));
  else {
    const by = `Scyther alone ${report.scores.scyther ?? "not run"}, ProVerif alone ${report.scores.proverif ?? "not run"}, BAN alone ${report.scores.ban}`;
    const flagged = report.equivalent.filter((e) => e.banGoalsLost.length > 0).length;
    console.log(`\nmutation score ${report.score} (${report.killed}/${report.total} killed; ${by}; not counted: ${report.stillborn.length} not runnable, ${report.equivalent.length} equivalent by construction, of which BAN's literal reading flags ${flagged}); target ${MUTATION_TARGET}`);
    for (const s of report.survivors) console.log(`  survivor ${s.mutant}: ${s.reason}`);
    console.log(`wrote ${relative(root, join(outDir, "mutants.json"))}`);
  }
  if (!scyther) {
    console.error("medexchain verify --mutants: Scyther is not installed, so only the BAN prover judged the mutants; the score above is the BAN prover's alone.");
    return EXIT.scytherMissing;
  }
  return report.score >= MUTATION_TARGET ? EXIT.ok : EXIT.mismatch;
}

/** Who killed a mutant: the Scyther claim, the BAN goals, or both. */
function killers(o: MutantOutcome): string {
  const parts: string[] = [];
  if (o.scyther?.killed) parts.push(`Scyther ${o.scyther.claim}`);
  if (o.proverif?.killed) parts.push(`ProVerif ${o.proverif.query}`);
  if (o.ban.killed) parts.push(`BAN ${o.ban.goalsLost.join(", ")}`);
  return parts.join(" and ");
}

/** Verify the selected protocols (all when none); see the header for the exit codes. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  let settings: ScytherSettings;
  let jobs: number;
  let specs: ProtocolSpec[];
  try {
    const match = intOption("match", values.match, DEFAULT_SETTINGS.match, 0);
    if (match > 2) throw new VerifyUsageError(`--match is 0, 1 or 2, not ${match}`);
    const maxRuns = values.unbounded ? 0 : intOption("max-runs", values["max-runs"], DEFAULT_SETTINGS.maxRuns, 1);
    settings = { maxRuns, match: match as 0 | 1 | 2, timeoutSeconds: intOption("timeout", values.timeout, DEFAULT_SETTINGS.timeoutSeconds, 1) };
    jobs = intOption("jobs", values.jobs, defaultConcurrency(), 1);
    specs = positionals.length ? [...new Set(positionals.flatMap(specsNamed))] : [...SPECS];
  } catch (e) {
    if (!(e instanceof VerifyUsageError || e instanceof UnknownProtocolError)) throw e;
    console.error(describeFailure(e));
    return EXIT.usage;
  }
  const root = repoRoot();
  const outDir = outPath(values.out, "out", "verify");
  mkdirSync(outDir, { recursive: true });

  let scyther: ScytherBinary | undefined;
  let missing: string | undefined;
  try {
    scyther = await findScyther();
  } catch (e) {
    if (!(e instanceof ScytherNotFoundError)) throw e;
    missing = describeFailure(e);
    console.error(`medexchain verify: ${missing}`);
  }

  let proverif: ProverifBinary | undefined;
  let proverifMissing: string | undefined;
  if (values["no-proverif"]) proverifMissing = "skipped (--no-proverif)";
  else
    try {
      proverif = await findProverif();
    } catch (e) {
      if (!(e instanceof ProverifNotFoundError)) throw e;
      proverifMissing = describeFailure(e);
      console.error(`medexchain verify: ${proverifMissing}`);
    }

  if (values.mutants) {
    const targets = positionals.length ? specs : specs.filter((s) => s.family === "MedExChain");
    const only = values.only ? values.only.split(",").map((x) => x.trim()).filter(Boolean) : undefined;
    return mutantsCommand(scyther, targets, settings, { opaque: values.opaque === true }, jobs, root, outDir, values.json === true, proverif, only);
  }

  const started = Date.now();
  const claims = scyther ? await verifyClaims(scyther, specs, settings, { opaque: values.opaque === true }, jobs, root, outDir, values.json === true) : [];
  const proverifQueries = proverif ? await verifyQueries(proverif, specs, settings.timeoutSeconds, jobs, root, outDir, values.json === true) : [];
  const sections = await runSections(root, outDir, specs, positionals);
  const ok = claims.every((c) => c.matchesExpected) && proverifQueries.every((q) => q.matchesExpected) && sections.every((s) => s.ok);
  const report: VerifyReport = {
    scyther: scyther ? { path: scyther.path, version: scyther.version } : { path: null, version: null, ...(missing ? { missing } : {}) },
    settings: { maxRuns: settings.maxRuns, unbounded: settings.maxRuns === 0, match: settings.match, timeoutSeconds: settings.timeoutSeconds, concurrency: jobs, opaque: values.opaque === true },
    proverif: proverif ? { path: proverif.path, version: proverif.version } : { path: null, version: null, ...(proverifMissing ? { missing: proverifMissing } : {}) },
    proverifQueries,
    claims,
    sections,
    wallSeconds: (Date.now() - started) / 1000,
    ok,
  };
  writeAtomically(join(outDir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeAtomically(join(outDir, "report.md"), reportMarkdown(report));
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    if (claims.length || proverifQueries.length) console.log(sideBySideTable(claims, proverifQueries));
    for (const s of sections) {
      console.log(`${s.ok ? "ok  " : "FAIL"} ${s.name}: ${s.summary}`);
      for (const p of s.problems) console.log(`     ${p}`);
    }
    const shown = relative(root, outDir) || ".";
    console.log(`wrote ${shown}/report.json and ${shown}/report.md${claims.some((c) => c.attackGraph) ? ` and attack graphs under ${shown}/attacks/` : ""}`);
  }
  const mismatches = claims.filter((c) => !c.matchesExpected);
  if (mismatches.length) console.error(`medexchain verify: ${mismatches.length} verdict(s) differ from the spec's expectation: ${mismatches.map((c) => `${c.protocol},${c.label} ${c.status} (expected ${c.expected})`).join("; ")}`);
  const pvMismatches = proverifQueries.filter((q) => !q.matchesExpected);
  if (pvMismatches.length) console.error(`medexchain verify: ${pvMismatches.length} ProVerif verdict(s) differ from the spec's expectation: ${pvMismatches.map((q) => `${q.protocol},${q.label} ${q.status} (expected ${q.expected})`).join("; ")}`);
  if (!ok) return EXIT.mismatch;
  return scyther && (proverif || values["no-proverif"]) ? EXIT.ok : EXIT.verifierMissing;
}
