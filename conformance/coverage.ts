// Coverage: how much of the spec the traces exercised. A message counts once some run both sent and
// received it, a check once it ran (passed or rejected), a claim once a role emitted it.
import type { ProtocolSpec } from "../protocol/language.ts";
import type { Run } from "./runs.ts";

export interface Coverage {
  readonly messages: number;
  readonly checks: number;
  readonly claims: number;
  /** What no trace exercised, by category: the items that keep a ratio below 1. */
  readonly missing: { readonly messages: string[]; readonly checks: string[]; readonly claims: string[] };
}

/** Coverage of the given specs (one family's sub-protocols) by the runs. */
export function coverageOf(specs: readonly ProtocolSpec[], runs: readonly Run[]): Coverage {
  const messages = specs.flatMap((s) => s.messages.map((m) => `${s.name}.${m.label}`));
  const checks = specs.flatMap((s) => s.messages.flatMap((m) => m.checks.map((c) => `${s.name}.${c.id}`)));
  const claims = specs.flatMap((s) => s.claims.map((c) => `${s.name}.${c.label}`));
  const sent = new Set<string>();
  const done = { messages: new Set<string>(), checks: new Set<string>(), claims: new Set<string>() };
  for (const run of runs) {
    const p = run.spec.name;
    for (const e of run.events) if (e.kind === "send") sent.add(`${run.key}|${e.label}`);
    for (const e of run.events) {
      if (e.kind === "recv" && sent.has(`${run.key}|${e.label}`)) done.messages.add(`${p}.${e.label}`);
      if (e.kind === "check") done.checks.add(`${p}.${e.check}`);
      if (e.kind === "claim") done.claims.add(`${p}.${e.claim}`);
    }
  }
  const ratio = (all: string[], hit: Set<string>): number => (all.length ? all.filter((x) => hit.has(x)).length / all.length : 1);
  return {
    messages: ratio(messages, done.messages),
    checks: ratio(checks, done.checks),
    claims: ratio(claims, done.claims),
    missing: {
      messages: messages.filter((x) => !done.messages.has(x)),
      checks: checks.filter((x) => !done.checks.has(x)),
      claims: claims.filter((x) => !done.claims.has(x)),
    },
  };
}
