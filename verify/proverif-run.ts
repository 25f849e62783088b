// One ProVerif process per query: the protocol's model with just that query, its RESULT line read
// back as a verdict, and its whole output (derivation and attack trace) kept beside the report.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { execa } from "execa";
import type { ProtocolSpec } from "../protocol/language.ts";
import { proverifModel, proverifQueries, type ProverifQuery } from "../generators/proverif.ts";
import { runPool } from "./pool.ts";
import type { ProverifBinary } from "./proverif-locate.ts";
import { MedExChainError } from "../protocol/errors.ts";

/** Ok: the claim holds (reachability: the role's end is reachable); Inconclusive: "cannot be proved". */
export type ProverifStatus = "Ok" | "Fail" | "Inconclusive" | "Timeout" | "Error";

export class ProverifOutputError extends MedExChainError {
  constructor(detail: string) {
    super("E_PROVERIF_OUTPUT", `unreadable ProVerif output: ${detail}`, "run the model by hand with `proverif` to see what it printed");
  }
}

export interface ProverifResult {
  /** The query as ProVerif restates it. */
  readonly query: string;
  readonly answer: "true" | "false" | "cannot be proved";
}

/** The verdict lines of ProVerif's output, in order; the "(even event … )" asides of injective queries are skipped. */
export function parseResults(output: string): ProverifResult[] {
  const out: ProverifResult[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("RESULT ") || line.startsWith("RESULT (")) continue;
    const m = /^RESULT (.*) (is true|is false|cannot be proved)\.$/.exec(line.trim());
    if (!m) throw new ProverifOutputError(`a RESULT line without a verdict: ${line}`);
    out.push({ query: m[1]!, answer: m[2] === "cannot be proved" ? "cannot be proved" : m[2] === "is true" ? "true" : "false" });
  }
  return out;
}

/** A reachability query holds when ProVerif finds the event reachable ("not event(...) is false"). */
export function statusOf(kind: ProverifQuery["kind"], answer: ProverifResult["answer"]): ProverifStatus {
  if (answer === "cannot be proved") return "Inconclusive";
  if (kind === "reachability") return answer === "false" ? "Ok" : "Fail";
  return answer === "true" ? "Ok" : "Fail";
}

export interface ProverifRun {
  readonly query: ProverifQuery;
  readonly status: ProverifStatus;
  /** ProVerif's own words, e.g. "is false" (a trace was found), "cannot be proved". */
  readonly answer: string;
  readonly seconds: number;
  /** The single-query model and ProVerif's whole output, relative to the output folder. */
  readonly modelFile: string;
  readonly outputFile: string;
  readonly detail?: string;
  readonly cancelled?: boolean;
}

export interface ProverifSettings {
  readonly timeoutSeconds: number;
}

/** Run one query; ProVerif's own failures become status Error or Timeout, never exceptions. */
export async function runQuery(binary: ProverifBinary, spec: ProtocolSpec, query: ProverifQuery, settings: ProverifSettings, dir: string, signal?: AbortSignal): Promise<ProverifRun> {
  mkdirSync(dir, { recursive: true });
  const base = `${spec.name}-${query.label}`;
  const modelFile = join(dir, `${base}.pv`);
  const outputFile = join(dir, `${base}.out.txt`);
  writeFileSync(modelFile, proverifModel(spec, query.label));
  const started = performance.now();
  const r = await execa(binary.path, [modelFile], { reject: false, all: true, timeout: settings.timeoutSeconds * 1000, ...(signal ? { cancelSignal: signal } : {}) });
  const seconds = (performance.now() - started) / 1000;
  const all = String(r.all ?? "");
  writeFileSync(outputFile, all);
  const files = { modelFile: `${base}.pv`, outputFile: `${base}.out.txt` };
  if (r.isCanceled) return { query, status: "Error", answer: "cancelled", seconds, ...files, cancelled: true };
  if (r.timedOut) return { query, status: "Timeout", answer: `killed after ${settings.timeoutSeconds} s`, seconds, ...files, detail: "ProVerif did not terminate in time (raise --timeout)" };
  let results: ProverifResult[];
  try {
    results = parseResults(all);
  } catch (e) {
    return { query, status: "Error", answer: "unreadable output", seconds, ...files, detail: (e as Error).message };
  }
  if (results.length !== 1) {
    const err = all.split("\n").filter((l) => /error/i.test(l)).slice(0, 3).join("; ");
    return { query, status: "Error", answer: "no verdict", seconds, ...files, detail: err || `expected one RESULT line, got ${results.length} (exit code ${r.exitCode})` };
  }
  const res = results[0]!;
  return { query, status: statusOf(query.kind, res.answer), answer: res.answer === "cannot be proved" ? res.answer : `is ${res.answer}`, seconds, ...files };
}

/** Every query of the given specs, one process each, through the pool; outcomes keep the queries' order. */
export async function runQueries(
  binary: ProverifBinary,
  specs: readonly ProtocolSpec[],
  settings: ProverifSettings,
  options: { readonly concurrency: number; readonly dir: string; readonly labels?: readonly string[]; readonly stopWhen?: (r: ProverifRun) => boolean; readonly onResult?: (r: ProverifRun) => void },
): Promise<ProverifRun[]> {
  const tasks = specs.flatMap((spec) => proverifQueries(spec).filter((q) => !options.labels || options.labels.includes(q.label)).map((query) => ({ spec, query })));
  const results = await runPool(
    tasks,
    options.concurrency,
    async ({ spec, query }, signal) => {
      const r = await runQuery(binary, spec, query, settings, options.dir, signal);
      if (!r.cancelled) options.onResult?.(r);
      return r;
    },
    (r) => !r.cancelled && options.stopWhen !== undefined && options.stopWhen(r),
  );
  return results.filter((r): r is ProverifRun => r !== undefined && !r.cancelled);
}
