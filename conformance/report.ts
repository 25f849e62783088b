// The conformance report: the dynamic verdict over the traces and the static verdict over the role
// sources in one document (out/conformance/report.json), with every problem as a mismatch record.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseTrace } from "../reference/trace/events.ts";
import type { Coverage } from "./coverage.ts";
import type { StructuralTally } from "./keys.ts";
import type { Mismatch } from "./mismatch.ts";
import type { TraceInput } from "./runs.ts";
import type { StaticResult } from "./static-check.ts";
import type { TraceVerdict } from "./trace-check.ts";
import { MedExChainError } from "../protocol/errors.ts";

export interface ConformanceReport {
  /** True when no trace event and no role source deviates from the spec. */
  readonly conforms: boolean;
  /** Share of the spec's messages, checks and claims the traces exercised. */
  readonly coverage: { readonly messages: number; readonly checks: number; readonly claims: number };
  readonly mismatches: readonly Mismatch[];
  /** The spec items no trace exercised. */
  readonly uncovered: Coverage["missing"];
  /** Signatures and hashes the checker verified itself, and what it could not. */
  readonly structural: StructuralTally;
  /** The static check of the role sources (null when skipped). */
  readonly static: Omit<StaticResult, "problems"> | null;
  readonly traces: readonly string[];
  readonly runs: number;
  readonly events: number;
}

export class TraceFileError extends MedExChainError {
  constructor(path: string, cause: string) {
    super("E_TRACE_FILE", `cannot read trace ${path}: ${cause}`, "run `npm start` (medexchain demo) to record out/demo/trace.jsonl, or name trace files on the command line");
  }
}

/** Read JSONL trace files. */
export function readTraces(paths: readonly string[]): TraceInput[] {
  return paths.map((path) => {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new TraceFileError(path, (e as NodeJS.ErrnoException).code ?? String(e));
    }
    return { source: path, events: parseTrace(text, path) };
  });
}

/** Assemble the report; static problems become mismatches, and a trace with no run cannot conform. */
export function buildReport(traces: readonly string[], verdict: TraceVerdict, stat: StaticResult | null): ConformanceReport {
  const mismatches: Mismatch[] = [...verdict.mismatches];
  if (verdict.runs === 0)
    mismatches.push({ code: "EMPTY_TRACE", run: "", role: "", label: "", expected: "at least one protocol run", observed: `${verdict.events} events, no run`, detail: "the traces record no protocol run; nothing was checked" });
  for (const p of stat?.problems ?? [])
    mismatches.push({ code: "STATIC", run: "", role: "", label: p.label, expected: p.code, observed: p.at || "no implementation", detail: p.detail });
  const { problems: _problems, ...staticSummary } = stat ?? { problems: [] };
  return {
    conforms: mismatches.length === 0,
    coverage: { messages: verdict.coverage.messages, checks: verdict.coverage.checks, claims: verdict.coverage.claims },
    mismatches,
    uncovered: verdict.coverage.missing,
    structural: verdict.structural,
    static: stat ? (staticSummary as Omit<StaticResult, "problems">) : null,
    traces,
    runs: verdict.runs,
    events: verdict.events,
  };
}

/** Write the report as JSON, creating its directory. */
export function writeReport(path: string, report: ConformanceReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(report, null, 2) + "\n");
}
