// One Scyther process per claim: `--filter=<protocol>,<label>` on the protocol's model, with the bound
// and switches recorded beside the verdict (a verdict without its bound misleads).
import { performance } from "node:perf_hooks";
import { execa } from "execa";
import type { ScytherBinary } from "./scyther-locate.ts";
import { errorLines, parseClaimLines, type ClaimStatus } from "./scyther-output.ts";

export interface ScytherSettings {
  /** Bound on runs; 0 means unbounded. Scyther's default is 5. */
  readonly maxRuns: number;
  /** Type matching: 0 no type flaws (Scyther's default), 1 basic type flaws, 2 all type flaws. */
  readonly match: 0 | 1 | 2;
  /** Per-claim limit: Scyther's own CPU timer, and a wall-clock kill a little later. */
  readonly timeoutSeconds: number;
}

export const DEFAULT_SETTINGS: ScytherSettings = { maxRuns: 5, match: 0, timeoutSeconds: 120 };

export interface ClaimTask {
  readonly protocol: string;
  readonly label: string;
  /** Absolute path of the .spdl model holding the claim. */
  readonly modelFile: string;
}

export interface ClaimRun {
  readonly status: ClaimStatus;
  readonly refinement: string;
  readonly attacks: number;
  readonly parameter?: string;
  readonly seconds: number;
  readonly switches: readonly string[];
  /** The run was stopped because the verify run no longer needed it. */
  readonly cancelled?: boolean;
  /** Scyther's attack graph (Graphviz dot) when the claim failed. */
  readonly dot?: string;
  /** What went wrong, for Error and Timeout. */
  readonly detail?: string;
}

/** The exact switches a claim is run with (the model file comes last). */
export function claimSwitches(task: Pick<ClaimTask, "protocol" | "label">, s: ScytherSettings): string[] {
  return [
    "--plain",
    `--filter=${task.protocol},${task.label}`,
    s.maxRuns === 0 ? "--unbounded" : `--max-runs=${s.maxRuns}`,
    `--match=${s.match}`,
    `--timer=${s.timeoutSeconds}`,
    "--dot-output",
  ];
}

/** The wall-clock limit on one Scyther process: a watchdog for a stuck process, far above its CPU timer. */
export function wallLimitSeconds(settings: ScytherSettings): number {
  return settings.timeoutSeconds * 4 + 30;
}

/** Run one claim; never throws for Scyther's own failures (they become status Error or Timeout). */
export async function runClaim(binary: ScytherBinary, task: ClaimTask, settings: ScytherSettings, signal?: AbortSignal): Promise<ClaimRun> {
  const switches = claimSwitches(task, settings);
  const started = performance.now();
  // --timer counts CPU time and decides the verdict; the wall-clock kill is only for a stuck process.
  // A process starved by a loaded machine (2 cores shared with other jobs) is slow, not stuck, so the
  // kill sits well above the timer: timer + 10 s killed sound claims under a load of 10.
  const r = await execa(binary.path, [...switches, task.modelFile], {
    reject: false,
    timeout: wallLimitSeconds(settings) * 1000,
    ...(signal ? { cancelSignal: signal } : {}),
    stripFinalNewline: false,
  });
  const seconds = (performance.now() - started) / 1000;
  const base = { seconds, switches };
  if (r.isCanceled) return { ...base, status: "Error", refinement: "cancelled", attacks: 0, cancelled: true, detail: "cancelled: another claim already decided the run" };
  if (r.timedOut) return { ...base, status: "Timeout", refinement: `killed after ${wallLimitSeconds(settings)} s wall`, attacks: 0, detail: "the process did not stop at its CPU timer" };
  const stdout = String(r.stdout ?? "");
  const stderr = String(r.stderr ?? "");
  let lines;
  try {
    lines = parseClaimLines(stderr).concat(parseClaimLines(stdout));
  } catch (e) {
    return { ...base, status: "Error", refinement: "unreadable output", attacks: 0, detail: (e as Error).message };
  }
  const line = lines.find((l) => l.protocol === task.protocol && l.label === task.label);
  if (!line) {
    const why = errorLines(`${stderr}\n${stdout}`).join("; ") || `no claim line for ${task.protocol},${task.label} (exit code ${r.exitCode})`;
    return { ...base, status: "Error", refinement: "no verdict", attacks: 0, detail: why };
  }
  if (line.timedOut)
    return { ...base, status: "Timeout", refinement: `${line.refinement} (cut at ${settings.timeoutSeconds} s CPU)`, attacks: 0, parameter: line.parameter, detail: "Scyther's --timer stopped the search; the verdict is inconclusive" };
  const dot = line.verdict === "Fail" && stdout.includes("digraph") ? stdout.slice(stdout.indexOf("digraph")) : undefined;
  return { ...base, status: line.verdict, refinement: line.refinement, attacks: line.attacks, parameter: line.parameter, ...(dot ? { dot } : {}) };
}
