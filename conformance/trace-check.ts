// The dynamic half of conformance: every recorded run judged against the spec (role order and checks,
// values and deliveries, freshness, keys and identities), and the spec's coverage by the runs.
import type { ProtocolSpec } from "../protocol/language.ts";
import type { SizeOf } from "../reference/wire/codec.ts";
import { coverageOf, type Coverage } from "./coverage.ts";
import { checkKeys, registrations, type StructuralTally } from "./keys.ts";
import type { Mismatch } from "./mismatch.ts";
import { checkRoleOrder } from "./role-order.ts";
import { bindEvents, constantEvents, groupRuns, type Run, type TraceInput } from "./runs.ts";
import type { TermSemantics } from "./semantics.ts";
import { checkChainSeparation, checkFreshness, checkRunValues } from "./values.ts";

export interface TraceCheckOptions {
  /** Every spec the traces may name. */
  readonly specs: readonly ProtocolSpec[];
  /** The specs coverage is measured over (one family's sub-protocols). */
  readonly covered: readonly ProtocolSpec[];
  /** The implementation's fixed field sizes, so decoding checks them as the roles do. */
  readonly sizeOf: SizeOf;
  /** The implementation's cryptography, to verify signatures and hashes; without it they are reported unverified. */
  readonly semantics?: TermSemantics;
}

export interface TraceVerdict {
  readonly runs: number;
  readonly events: number;
  readonly mismatches: Mismatch[];
  readonly coverage: Coverage;
  readonly structural: StructuralTally;
}

/** Check recorded traces against the spec; each trace is its own world (its registrations, its fresh values). */
export function checkTraces(inputs: readonly TraceInput[], options: TraceCheckOptions): TraceVerdict {
  const mismatches: Mismatch[] = [];
  const report = (m: Mismatch): void => void mismatches.push(m);
  const tally: StructuralTally = { signaturesVerified: 0, hashesVerified: 0, unverified: {} };
  const all: Run[] = [];
  for (const input of inputs) {
    // Separate executions (the demo, a test) start from fresh chains and may share a seed, so
    // registrations and freshness are judged within one trace; coverage is pooled over all of them.
    const runs = groupRuns([input], options.specs, report, inputs.length > 1);
    const regs = registrations(bindEvents([input]), report);
    const constants = constantEvents([input]);
    const values = runs.map((run) => {
      checkRoleOrder(run, report);
      const rv = checkRunValues(run, options.sizeOf, report);
      checkKeys(rv, regs, constants, options.semantics, tally, report);
      return rv;
    });
    checkFreshness(values, report);
    checkChainSeparation(runs, report);
    all.push(...runs);
  }
  return {
    runs: all.length,
    events: inputs.reduce((n, i) => n + i.events.length, 0),
    mismatches,
    coverage: coverageOf(options.covered, all),
    structural: tally,
  };
}
