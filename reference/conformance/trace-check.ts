// The dynamic half of conformance: every recorded run judged against the spec (role order and checks,
// values and deliveries, freshness, keys and identities), and the spec's coverage by the runs.
import type { ProtocolSpec } from "../../protocol/language.ts";
import type { SizeOf } from "../wire/codec.ts";
import { coverageOf, type Coverage } from "./coverage.ts";
import { checkKeys, registrations, type StructuralTally } from "./keys.ts";
import type { Mismatch } from "./mismatch.ts";
import { checkRoleOrder } from "./role-order.ts";
import { bindEvents, groupRuns, type TraceInput } from "./runs.ts";
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

/** Check recorded traces against the spec. */
export function checkTraces(inputs: readonly TraceInput[], options: TraceCheckOptions): TraceVerdict {
  const mismatches: Mismatch[] = [];
  const report = (m: Mismatch): void => void mismatches.push(m);
  const runs = groupRuns(inputs, options.specs, report);
  const regs = registrations(bindEvents(inputs), report);
  const tally: StructuralTally = { signaturesVerified: 0, hashesVerified: 0, unverified: {} };
  const values = runs.map((run) => {
    checkRoleOrder(run, report);
    const rv = checkRunValues(run, options.sizeOf, report);
    checkKeys(rv, regs, options.semantics, tally, report);
    return rv;
  });
  checkFreshness(values, report);
  checkChainSeparation(runs, report);
  return {
    runs: runs.length,
    events: inputs.reduce((n, i) => n + i.events.length, 0),
    mismatches,
    coverage: coverageOf(options.covered, runs),
    structural: tally,
  };
}
