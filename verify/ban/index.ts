// The BAN prover's entry point for the CLI and the verify script: prove every shipped spec's goals and
// every BAN-paper classic's, and say whether each result is what is expected.
import { SPECS } from "../../protocol/registry.ts";
import { BAN_CLASSICS, type BanClassic } from "../../protocol/specs/ban-classics/index.ts";
import type { ProtocolSpec } from "../../protocol/language.ts";
import { BanUnknownNameError } from "./errors.ts";
import { proveSpec, protocolMarkdown, type ProtocolReport } from "./report.ts";

export type { GoalReport, ProtocolReport } from "./report.ts";
export type { DerivationNode } from "./derivation.ts";
export { proveSpec, provable, withoutAssumptions, protocolMarkdown } from "./report.ts";
export { saturate } from "./prover.ts";
export { explain } from "./explain.ts";

export interface BanReport {
  /** Every protocol's results: the issue's `{protocols: [{name, goals: [{goal, proved, assumptions, derivation}]}]}`. */
  readonly protocols: readonly ProtocolReport[];
  readonly ok: boolean;
  readonly totals: { readonly protocols: number; readonly goals: number; readonly proved: number; readonly unexpected: number };
  /** Prover wall time summed over protocols (ablation excluded). */
  readonly elapsedMs: number;
}

export interface BanRunOptions {
  /** Protocol names or families (e.g. "MedExChain", "BAN classics"); all when empty. */
  readonly protocols?: readonly string[];
  /** Check that every assumption in each shipped spec's proofs is needed (default true). */
  readonly ablation?: boolean;
}

type Target = { readonly spec: ProtocolSpec; readonly classic?: BanClassic };

function targets(names: readonly string[]): Target[] {
  const all: Target[] = [...SPECS.map((spec) => ({ spec })), ...BAN_CLASSICS.map((c) => ({ spec: c.spec, classic: c }))];
  if (names.length === 0) return all;
  return names.flatMap((n) => {
    const found = all.filter((t) => t.spec.name === n || t.spec.family === n);
    if (found.length === 0) throw new BanUnknownNameError("run", "protocol or family", n, all.map((t) => t.spec.name));
    return found;
  });
}

/** Prove the selected protocols' BAN goals; ok when every result matches its expectation. */
export function runBan(options: BanRunOptions = {}): { ok: boolean; report: BanReport } {
  const protocols = targets(options.protocols ?? []).map(({ spec, classic }) =>
    classic
      ? proveSpec(spec, {
          kind: "classic",
          section: classic.section,
          expectProved: (id) => classic.conclusions.find((c) => c.goal === id)?.expectProved ?? true,
        })
      : proveSpec(spec, { kind: "spec", ablation: options.ablation ?? true }),
  );
  const goals = protocols.flatMap((p) => p.goals);
  const ok = protocols.every((p) => p.ok);
  return {
    ok,
    report: {
      protocols,
      ok,
      totals: { protocols: protocols.length, goals: goals.length, proved: goals.filter((g) => g.proved).length, unexpected: goals.filter((g) => g.proved !== g.expectProved).length },
      elapsedMs: protocols.reduce((t, p) => t + p.elapsedMs, 0),
    },
  };
}

/** The whole report as Markdown (out/verify/ban.md). */
export function banMarkdown(report: BanReport): string {
  const head = [
    "# BAN logic results",
    "",
    `${report.totals.proved} of ${report.totals.goals} goals proved across ${report.totals.protocols} protocols; ${report.totals.unexpected} differ from expectation. Prover time ${report.elapsedMs.toFixed(1)} ms.`,
    "",
    "| protocol | goal | result | expected | rests on |",
    "|---|---|---|---|---|",
    ...report.protocols.flatMap((p) =>
      p.goals.map((g) => `| ${p.name} | \`${g.id}\` | ${g.proved ? "proved" : "not proved"} | ${g.expectProved ? "proved" : "not proved"} | ${g.assumptions.join(", ") || "—"} |`),
    ),
    "",
  ];
  return [...head, ...report.protocols.map(protocolMarkdown)].join("\n");
}
