// The mutation run: every mutant of the MedExChain specs regenerated into a model and verified. The
// unmutated model is verified first; a mutant is killed when a claim that holds there (and is expected
// to) fails on the mutant. The score is killed / viable mutants.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProtocolSpec } from "../protocol/language.ts";
import { spdlModel } from "../generators/spdl.ts";
import { DEFAULT_SPDL_OPTIONS, type SpdlOptions } from "../generators/spdl-view.ts";
import { lintSpdl, parseSpdl } from "../generators/spdl-parse.ts";
import { runClaims, type ClaimOutcome } from "./claims.ts";
import { mutantsOf, type Mutant } from "./mutants.ts";
import type { ScytherBinary } from "./scyther-locate.ts";
import type { ScytherSettings } from "./scyther-run.ts";

export interface MutantOutcome {
  readonly mutant: string;
  readonly operator: string;
  readonly description: string;
  readonly killed: boolean;
  /** The claim whose failure killed it, with Scyther's wording. */
  readonly killedBy?: { readonly claim: string; readonly refinement: string };
  /** Why it survives: every claim still holds (with the verdicts), or a claim timed out. */
  readonly reason?: string;
  readonly seconds: number;
}

export interface MutationReport {
  readonly score: number;
  /** The claims that hold on each unmutated model: only these can kill a mutant. */
  readonly baseline: readonly { readonly protocol: string; readonly holding: readonly string[]; readonly notHolding: readonly string[] }[];
  readonly killed: number;
  readonly total: number;
  readonly survivors: readonly { readonly mutant: string; readonly description: string; readonly reason: string }[];
  /** Mutants that do not make a runnable model (a role could no longer build what it sends): not counted. */
  readonly stillborn: readonly { readonly mutant: string; readonly reason: string }[];
  /** Mutants equivalent by construction in the symbolic model: not counted. */
  readonly equivalent: readonly { readonly mutant: string; readonly reason: string }[];
  readonly mutants: readonly MutantOutcome[];
  readonly settings: ScytherSettings;
  /** Whether the models were generated in opaque mode (docs/abstractions.md, "Receive patterns"). */
  readonly opaque: boolean;
}

/** Why a mutant cannot be verified, or undefined when its model is sound to run. */
export function stillbornReason(m: Mutant, model: SpdlOptions = DEFAULT_SPDL_OPTIONS): string | undefined {
  let text: string;
  try {
    text = spdlModel(m.spec, model);
  } catch (e) {
    return (e as Error).message;
  }
  const lint = lintSpdl(parseSpdl(text));
  return lint.length ? lint.join("; ") : undefined;
}

const isKill = (o: ClaimOutcome) => o.run.status === "Fail" && o.report.expected === "Ok";

/** The claims of a spec that hold as expected on its unmutated model, fastest first (they kill soonest). */
async function baselineOf(binary: ScytherBinary, spec: ProtocolSpec, file: string, settings: ScytherSettings, concurrency: number, model: SpdlOptions) {
  writeFileSync(file, spdlModel(spec, model));
  const results = await runClaims(binary, [{ spec, modelFile: file, options: model }], settings, { concurrency });
  const holding = results.filter((o) => o.run.status === "Ok" && o.report.expected === "Ok").sort((a, b) => a.run.seconds - b.run.seconds);
  return { holding: holding.map((o) => o.claim.label), notHolding: results.filter((o) => !holding.includes(o)).map((o) => `${o.claim.label} ${o.run.status}`) };
}

function survivalReason(outcomes: readonly ClaimOutcome[]): string {
  const unsure = outcomes.filter((o) => o.run.status === "Timeout" || o.run.status === "Error");
  if (unsure.length) return `inconclusive: ${unsure.map((o) => `${o.claim.label} ${o.run.status}`).join(", ")}; the other claims hold`;
  const bounded = outcomes.filter((o) => o.run.refinement !== "proof of correctness").length;
  return `every claim still holds (${outcomes.length} claims, ${outcomes.length - bounded} proved, ${bounded} within the bound); explained in docs/abstractions.md, "Surviving mutants"`;
}

/** Verify every mutant of the given specs; `onMutant` reports progress. */
export async function runMutation(
  binary: ScytherBinary,
  specs: readonly ProtocolSpec[],
  settings: ScytherSettings,
  options: { readonly concurrency: number; readonly workDir: string; readonly model?: SpdlOptions; readonly onMutant?: (o: MutantOutcome, index: number, total: number) => void },
): Promise<MutationReport> {
  mkdirSync(options.workDir, { recursive: true });
  const model = options.model ?? DEFAULT_SPDL_OPTIONS;
  const all = specs.flatMap(mutantsOf);
  const stillborn: MutationReport["stillborn"][number][] = [];
  const equivalent: MutationReport["equivalent"][number][] = [];
  const viable: Mutant[] = [];
  for (const m of all) {
    const why = stillbornReason(m, model);
    if (why) stillborn.push({ mutant: m.id, reason: why });
    else if (m.equivalent) equivalent.push({ mutant: m.id, reason: m.equivalent });
    else viable.push(m);
  }
  const baseline = new Map<string, { holding: string[]; notHolding: string[] }>();
  for (const spec of specs) baseline.set(spec.name, await baselineOf(binary, spec, join(options.workDir, `${spec.name}.spdl`), settings, options.concurrency, model));
  const outcomes: MutantOutcome[] = [];
  for (const [i, m] of viable.entries()) {
    const file = join(options.workDir, `mutant-${String(i + 1).padStart(3, "0")}.spdl`);
    writeFileSync(file, `// mutant ${m.id}: ${m.description}\n${spdlModel(m.spec, model)}`);
    const started = Date.now();
    const results = await runClaims(binary, [{ spec: m.spec, modelFile: file, options: model }], settings, { concurrency: options.concurrency, stopWhen: isKill, labels: baseline.get(m.spec.name)!.holding });
    const kill = results.find(isKill);
    const outcome: MutantOutcome = {
      mutant: m.id,
      operator: m.operator,
      description: m.description,
      killed: kill !== undefined,
      ...(kill ? { killedBy: { claim: `${kill.claim.role}:${kill.claim.label} ${kill.claim.type}`, refinement: kill.run.refinement } } : { reason: survivalReason(results) }),
      seconds: (Date.now() - started) / 1000,
    };
    outcomes.push(outcome);
    options.onMutant?.(outcome, i + 1, viable.length);
  }
  const killed = outcomes.filter((o) => o.killed).length;
  return {
    score: viable.length ? Number((killed / viable.length).toFixed(4)) : 0,
    baseline: specs.map((s) => ({ protocol: s.name, ...baseline.get(s.name)! })),
    killed,
    total: viable.length,
    survivors: outcomes.filter((o) => !o.killed).map((o) => ({ mutant: o.mutant, description: o.description, reason: o.reason! })),
    stillborn,
    equivalent,
    mutants: outcomes,
    settings,
    opaque: model.opaque,
  };
}
