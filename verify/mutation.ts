// The mutation run: every mutant of the MedExChain specs regenerated into a model and verified, by
// Scyther and by the BAN prover, as `medexchain verify` verifies the real spec. The unmutated spec is
// verified first; a mutant is killed when a Scyther claim that holds there (and is expected to) fails on
// the mutant, or a BAN goal proved there no longer is. The score is killed / viable mutants; each
// verifier's own score is reported beside it, so neither hides behind the other.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProtocolSpec } from "../protocol/language.ts";
import { spdlModel } from "../generators/spdl.ts";
import { DEFAULT_SPDL_OPTIONS, type SpdlOptions } from "../generators/spdl-view.ts";
import { lintSpdl, parseSpdl } from "../generators/spdl-parse.ts";
import { runClaims, type ClaimOutcome } from "./claims.ts";
import { mutantsOf, type Mutant } from "./mutants.ts";
import { proveSpec } from "./ban/report.ts";
import type { ScytherBinary } from "./scyther-locate.ts";
import type { ScytherSettings } from "./scyther-run.ts";
import type { ProverifBinary } from "./proverif-locate.ts";
import { runQueries, type ProverifRun } from "./proverif-run.ts";

/** Which verifier killed a mutant: a Scyther claim that held now fails, or a BAN goal that was proved no longer is. */
export type KillTool = "scyther" | "ban" | "proverif";

export interface MutantOutcome {
  readonly mutant: string;
  readonly operator: string;
  readonly description: string;
  /** Killed by Scyther or by the BAN prover. */
  readonly killed: boolean;
  /** The first verdict that killed it: a Scyther claim (with its refinement) or else a BAN goal. */
  readonly killedBy?: { readonly tool: KillTool; readonly claim: string; readonly refinement: string };
  /** Scyther's verdict on the mutant (absent when Scyther is not installed). */
  readonly scyther?: { readonly killed: boolean; readonly claim?: string; readonly refinement?: string };
  /** ProVerif's verdict (absent when ProVerif is not installed): a query that held now fails, or the mutant cannot be modelled. */
  readonly proverif?: { readonly killed: boolean; readonly query?: string; readonly note?: string };
  /** The BAN prover's verdict: the goals proved on the unmutated spec that no longer are. */
  readonly ban: { readonly killed: boolean; readonly goalsLost: readonly string[]; readonly grounding: readonly string[] };
  /** Why it survives: every claim and goal still holds (with the verdicts), or a claim timed out. */
  readonly reason?: string;
  readonly seconds: number;
}

export interface MutationReport {
  /** Killed (by either verifier) / counted mutants. */
  readonly score: number;
  /** The score of each verifier alone (Scyther's is null without Scyther). */
  readonly scores: { readonly scyther: number | null; readonly proverif: number | null; readonly ban: number; readonly combined: number };
  /** The claims that hold on each unmutated model and the BAN goals proved on each spec: only these can kill a mutant. */
  readonly baseline: readonly { readonly protocol: string; readonly holding: readonly string[]; readonly notHolding: readonly string[]; readonly banProved: readonly string[] }[];
  readonly killed: number;
  readonly total: number;
  readonly survivors: readonly { readonly mutant: string; readonly description: string; readonly reason: string }[];
  /** Mutants that do not make a runnable model (a role could no longer build what it sends): not counted. */
  readonly stillborn: readonly { readonly mutant: string; readonly reason: string }[];
  /**
   * Mutants equivalent by construction in the symbolic model: not counted. `banGoalsLost` shows where
   * BAN, which reads an idealisation's atoms literally, still flags one (docs/abstractions.md §13).
   */
  readonly equivalent: readonly { readonly mutant: string; readonly reason: string; readonly banGoalsLost: readonly string[] }[];
  readonly mutants: readonly MutantOutcome[];
  /** Scyther's path and version, or null when it is not installed (then only the BAN prover judged). */
  readonly scyther: { readonly path: string; readonly version: string } | null;
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

/** The BAN goals proved on a spec (expected proved, as every shipped spec's are). */
const banProvedOf = (spec: ProtocolSpec): string[] =>
  proveSpec(spec, { kind: "spec" })
    .goals.filter((g) => g.proved && g.expectProved)
    .map((g) => g.id);

/** The BAN verdict on a mutant: which baseline goals it loses, and what grounding removed. */
function banVerdict(spec: ProtocolSpec, baseline: readonly string[]): MutantOutcome["ban"] {
  const r = proveSpec(spec, { kind: "spec" });
  const goalsLost = r.goals.filter((g) => baseline.includes(g.id) && !g.proved).map((g) => g.id);
  const grounding = [...r.unsupported.map((u) => `${u.message}: ${u.reason}`), ...r.unjustified.map((u) => `${u.assumption}: ${u.reason}`)];
  return { killed: goalsLost.length > 0, goalsLost, grounding };
}

function survivalReason(outcomes: readonly ClaimOutcome[] | undefined, banGoals: number): string {
  const ban = `all ${banGoals} BAN goals still proved`;
  if (!outcomes) return `${ban}; Scyther not run`;
  const unsure = outcomes.filter((o) => o.run.status === "Timeout" || o.run.status === "Error");
  if (unsure.length) return `inconclusive: ${unsure.map((o) => `${o.claim.label} ${o.run.status}`).join(", ")}; the other claims hold; ${ban}`;
  const bounded = outcomes.filter((o) => o.run.refinement !== "proof of correctness").length;
  return `every claim still holds (${outcomes.length} claims, ${outcomes.length - bounded} proved, ${bounded} within the bound) and ${ban}; explained in docs/abstractions.md, "Mutation testing"`;
}

const ratio = (k: number, n: number) => (n ? Number((k / n).toFixed(4)) : 0);

/**
 * Verify every mutant of the given specs with Scyther (when `binary` is given) and the BAN prover;
 * `onMutant` reports progress.
 */
export async function runMutation(
  binary: ScytherBinary | undefined,
  specs: readonly ProtocolSpec[],
  settings: ScytherSettings,
  options: {
    readonly concurrency: number;
    readonly workDir: string;
    readonly model?: SpdlOptions;
    readonly onMutant?: (o: MutantOutcome, index: number, total: number) => void;
    /** ProVerif as a third judge, with its per-query time limit. */
    readonly proverif?: { readonly binary: ProverifBinary; readonly timeoutSeconds: number };
    /** Only these mutants (by id); all when absent (the whole run is slow on a small machine). */
    readonly only?: readonly string[];
  },
): Promise<MutationReport> {
  mkdirSync(options.workDir, { recursive: true });
  const model = options.model ?? DEFAULT_SPDL_OPTIONS;
  const all = specs.flatMap(mutantsOf).filter((m) => !options.only || options.only.includes(m.id));
  const stillborn: MutationReport["stillborn"][number][] = [];
  const equivalent: MutationReport["equivalent"][number][] = [];
  const viable: Mutant[] = [];
  const banProved = new Map(specs.map((s) => [s.name, banProvedOf(s)]));
  for (const m of all) {
    const why = stillbornReason(m, model);
    if (why) stillborn.push({ mutant: m.id, reason: why });
    else if (m.equivalent) equivalent.push({ mutant: m.id, reason: m.equivalent, banGoalsLost: banVerdict(m.spec, banProved.get(m.spec.name)!).goalsLost });
    else viable.push(m);
  }
  const baseline = new Map<string, { holding: string[]; notHolding: string[]; banProved: string[] }>();
  for (const spec of specs) {
    const scy = binary ? await baselineOf(binary, spec, join(options.workDir, `${spec.name}.spdl`), settings, options.concurrency, model) : { holding: [], notHolding: [] };
    baseline.set(spec.name, { ...scy, banProved: banProved.get(spec.name)! });
  }
  // ProVerif's baseline: the queries that hold as expected on each unmutated spec (only these can kill).
  const pv = options.proverif;
  const pvDir = join(options.workDir, "proverif");
  const pvHolding = new Map<string, string[]>();
  if (pv)
    for (const spec of specs) {
      const runs = await runQueries(pv.binary, [spec], { timeoutSeconds: pv.timeoutSeconds }, { concurrency: options.concurrency, dir: pvDir });
      pvHolding.set(spec.name, runs.filter((r) => r.status === "Ok" && r.query.expected === "Ok" && r.query.kind !== "reachability").map((r) => r.query.label));
    }
  const pvKill = (r: ProverifRun) => r.status === "Fail" && r.query.expected === "Ok";
  const outcomes: MutantOutcome[] = [];
  for (const [i, m] of viable.entries()) {
    const base = baseline.get(m.spec.name)!;
    const started = Date.now();
    const ban = banVerdict(m.spec, base.banProved);
    let results: ClaimOutcome[] | undefined;
    if (binary) {
      const file = join(options.workDir, `mutant-${String(i + 1).padStart(3, "0")}.spdl`);
      writeFileSync(file, `// mutant ${m.id}: ${m.description}\n${spdlModel(m.spec, model)}`);
      results = await runClaims(binary, [{ spec: m.spec, modelFile: file, options: model }], settings, { concurrency: options.concurrency, stopWhen: isKill, labels: base.holding });
    }
    let proverif: MutantOutcome["proverif"];
    if (pv) {
      try {
        const mutantSpec = { ...m.spec, name: `${m.spec.name}M${String(i + 1).padStart(3, "0")}` };
        const runs = await runQueries(pv.binary, [mutantSpec], { timeoutSeconds: pv.timeoutSeconds }, { concurrency: options.concurrency, dir: pvDir, labels: pvHolding.get(m.spec.name) ?? [], stopWhen: pvKill });
        const k = runs.find(pvKill);
        proverif = k ? { killed: true, query: `${k.query.role}:${k.query.label} ${k.query.kind}` } : { killed: false };
      } catch (e) {
        proverif = { killed: false, note: `not modelled: ${(e as Error).message}` };
      }
    }
    const kill = results?.find(isKill);
    const scyther = results ? { killed: kill !== undefined, ...(kill ? { claim: `${kill.claim.role}:${kill.claim.label} ${kill.claim.type}`, refinement: kill.run.refinement } : {}) } : undefined;
    const killedBy = kill
      ? { tool: "scyther" as const, claim: `${kill.claim.role}:${kill.claim.label} ${kill.claim.type}`, refinement: kill.run.refinement }
      : proverif?.killed
        ? { tool: "proverif" as const, claim: proverif.query!, refinement: "ProVerif: is false (unbounded sessions)" }
        : ban.killed
          ? { tool: "ban" as const, claim: ban.goalsLost[0]!, refinement: `BAN goal no longer proved${ban.grounding.length ? ` (${ban.grounding[0]})` : ""}` }
          : undefined;
    const outcome: MutantOutcome = {
      mutant: m.id,
      operator: m.operator,
      description: m.description,
      killed: killedBy !== undefined,
      ...(killedBy ? { killedBy } : { reason: survivalReason(results, base.banProved.length) }),
      ...(scyther ? { scyther } : {}),
      ...(proverif ? { proverif } : {}),
      ban,
      seconds: (Date.now() - started) / 1000,
    };
    outcomes.push(outcome);
    options.onMutant?.(outcome, i + 1, viable.length);
  }
  const killed = outcomes.filter((o) => o.killed).length;
  return {
    score: ratio(killed, viable.length),
    scores: {
      scyther: binary ? ratio(outcomes.filter((o) => o.scyther?.killed).length, viable.length) : null,
      proverif: pv ? ratio(outcomes.filter((o) => o.proverif?.killed).length, viable.length) : null,
      ban: ratio(outcomes.filter((o) => o.ban.killed).length, viable.length),
      combined: ratio(killed, viable.length),
    },
    baseline: specs.map((s) => ({ protocol: s.name, ...baseline.get(s.name)! })),
    killed,
    total: viable.length,
    survivors: outcomes.filter((o) => !o.killed).map((o) => ({ mutant: o.mutant, description: o.description, reason: o.reason! })),
    stillborn,
    equivalent,
    mutants: outcomes,
    scyther: binary ? { path: binary.path, version: binary.version } : null,
    settings,
    opaque: model.opaque,
  };
}
