// Trace events grouped into protocol runs: conformance judges each run of each protocol as a whole,
// and each role within it, so events are keyed by (trace file, protocol, run id).
import type { ProtocolSpec } from "../protocol/language.ts";
import type { TraceEvent } from "../reference/trace/events.ts";
import type { Mismatch } from "./mismatch.ts";

export type MessageEvent = Extract<TraceEvent, { kind: "send" | "recv" }>;
export type CheckEvent = Extract<TraceEvent, { kind: "check" }>;
export type ClaimEvent = Extract<TraceEvent, { kind: "claim" }>;
export type BindEvent = Extract<TraceEvent, { kind: "bind" }>;
export type ConstantEvent = Extract<TraceEvent, { kind: "constant" }>;
export type RunEvent = MessageEvent | CheckEvent | ClaimEvent;

/** One recorded trace: where it came from and its events in recording order. */
export interface TraceInput {
  readonly source: string;
  readonly events: readonly TraceEvent[];
}

/** The events of one protocol run, in recording order. */
export interface Run {
  /** `<protocol>/<run>`, prefixed by `<source>:` when several traces are checked together. */
  readonly key: string;
  readonly source: string;
  readonly spec: ProtocolSpec;
  readonly id: string;
  readonly events: readonly RunEvent[];
}

/** Group the run events of traces by protocol run (keys name the trace when `several`); unknown protocols are reported. */
export function groupRuns(inputs: readonly TraceInput[], specs: readonly ProtocolSpec[], report: (m: Mismatch) => void, several = inputs.length > 1): Run[] {
  const runs = new Map<string, { key: string; source: string; spec: ProtocolSpec; id: string; events: RunEvent[] }>();
  const unknown = new Set<string>();
  for (const input of inputs) {
    const ordered = [...input.events].sort((a, b) => a.seq - b.seq);
    for (const e of ordered) {
      if (e.kind === "bind" || e.kind === "constant") continue;
      const spec = specs.find((s) => s.name === e.protocol);
      if (!spec) {
        if (!unknown.has(e.protocol)) {
          unknown.add(e.protocol);
          report({
            code: "UNKNOWN_PROTOCOL",
            run: `${e.protocol}/${e.run}`,
            role: e.role,
            label: "",
            expected: specs.map((s) => s.name).join(" | "),
            observed: e.protocol,
            detail: `the trace names protocol "${e.protocol}", which no shipped spec defines; record the spec's name (ProtocolSpec.name)`,
          });
        }
        continue;
      }
      const key = `${several ? `${input.source}:` : ""}${spec.name}/${e.run}`;
      let run = runs.get(key);
      if (!run) runs.set(key, (run = { key, source: input.source, spec, id: e.run, events: [] }));
      run.events.push(e);
    }
  }
  return [...runs.values()];
}

/** Every bind (registration) event of the traces. */
export function bindEvents(inputs: readonly TraceInput[]): BindEvent[] {
  return inputs.flatMap((i) => i.events.filter((e): e is BindEvent => e.kind === "bind"));
}

/** The deployment's public constants recorded in the traces, by name (hex). */
export function constantEvents(inputs: readonly TraceInput[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of inputs) for (const e of i.events) if (e.kind === "constant") out.set(e.name, e.value.toLowerCase());
  return out;
}

/** The agents that played each role in a run, from the role's own events. */
export function agentsByRole(run: Run): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of run.events) {
    let s = out.get(e.role);
    if (!s) out.set(e.role, (s = new Set()));
    s.add(e.agent);
  }
  return out;
}
