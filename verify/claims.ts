// Every claim of the given protocols through Scyther, one process per claim, in parallel, compared
// with the verdict the spec expects.
import type { ProtocolSpec } from "../protocol/language.ts";
import { expectedVerdict } from "../protocol/language.ts";
import { modelClaims, type ModelClaim } from "../generators/spdl.ts";
import type { SpdlOptions } from "../generators/spdl-view.ts";
import { runPool } from "./pool.ts";
import type { ScytherBinary } from "./scyther-locate.ts";
import { runClaim, type ClaimRun, type ScytherSettings } from "./scyther-run.ts";
import { matchesExpectation, type ClaimReport } from "./report.ts";

export interface ModelUnderTest {
  readonly spec: ProtocolSpec;
  /** Absolute path of the model file to run. */
  readonly modelFile: string;
  /** How the model was generated (its claim parameters depend on it). */
  readonly options?: SpdlOptions;
}

export interface ClaimOutcome {
  readonly claim: ModelClaim;
  readonly run: ClaimRun;
  readonly report: ClaimReport;
}

/** The report row for a claim and its run. */
export function claimReport(spec: ProtocolSpec, claim: ModelClaim, run: ClaimRun, settings: ScytherSettings): ClaimReport {
  const expected = expectedVerdict(spec, claim.label);
  return {
    protocol: claim.protocol,
    role: claim.role,
    label: claim.label,
    type: claim.type,
    parameter: run.parameter ?? claim.parameter,
    status: run.status,
    refinement: run.refinement,
    attacks: run.attacks,
    maxRuns: settings.maxRuns,
    unbounded: settings.maxRuns === 0,
    match: settings.match,
    switches: run.switches,
    seconds: Number(run.seconds.toFixed(3)),
    expected,
    matchesExpected: matchesExpectation(run.status, expected),
    ...(run.detail ? { detail: run.detail } : {}),
  };
}

export interface RunClaimsOptions {
  readonly concurrency: number;
  /** Stop as soon as one outcome satisfies this (the mutation run stops at the first attack). */
  readonly stopWhen?: (o: ClaimOutcome) => boolean;
  /** Only these claim labels (all when absent). */
  readonly labels?: readonly string[];
  readonly onResult?: (o: ClaimOutcome) => void;
}

/** The settings a claim runs with: never below the bound its spec asks for (the other-record scenario needs 6 runs). */
export function settingsFor(spec: ProtocolSpec, label: string, settings: ScytherSettings): ScytherSettings {
  const min = spec.claims.find((c) => c.label === label)?.minRuns;
  return min !== undefined && settings.maxRuns !== 0 && settings.maxRuns < min ? { ...settings, maxRuns: min } : settings;
}

/** Run the claims of every model; outcomes keep the models' claim order (cancelled claims are left out). */
export async function runClaims(binary: ScytherBinary, models: readonly ModelUnderTest[], settings: ScytherSettings, options: RunClaimsOptions): Promise<ClaimOutcome[]> {
  // With a label list, claims run in that list's order (the mutation run puts the fastest first).
  const tasks = models.flatMap((m) => {
    const claims = modelClaims(m.spec, m.options);
    const chosen = options.labels ? options.labels.flatMap((l) => claims.filter((c) => c.label === l)) : claims;
    return chosen.map((claim) => ({ m, claim }));
  });
  const results = await runPool(
    tasks,
    options.concurrency,
    async ({ m, claim }, signal): Promise<ClaimOutcome> => {
      const s = settingsFor(m.spec, claim.label, settings);
      const run = await runClaim(binary, { protocol: claim.protocol, label: claim.label, modelFile: m.modelFile }, s, signal);
      const outcome = { claim, run, report: claimReport(m.spec, claim, run, s) };
      if (!run.cancelled) options.onResult?.(outcome);
      return outcome;
    },
    (o) => !o.run.cancelled && options.stopWhen !== undefined && options.stopWhen(o),
  );
  return results.filter((o): o is ClaimOutcome => o !== undefined && !o.run.cancelled);
}
