// A role's endpoint onto the spec: it sends and receives spec messages by label, runs exactly the
// receive-side checks the spec lists for that message, and records everything in the trace.
// A role cannot send a label the spec does not give it, nor accept a message whose checks it has
// not all implemented: the spec, not the role's code, says what must be checked.
import type { Message, ProtocolSpec } from "../../protocol/language.ts";
import { bytesToHex } from "@noble/hashes/utils.js";
import { decodeMessage, encodeMessage, messageOf, type FieldValues, type SizeOf } from "../wire/codec.ts";
import type { TraceRecorder } from "../trace/events.ts";
import { CheckFailed, ProtocolViolation } from "../semantics/violations.ts";

/** Implementations of a message's checks, keyed by the check's name in the spec. */
export type CheckHandlers = Readonly<Record<string, (fields: Record<string, Uint8Array>) => void | Promise<void>>>;

export interface Delivery {
  readonly chain?: string;
  readonly txHash?: string;
}

/** Test-only switches that make the endpoint misbehave, so conformance can show it catches them. */
export interface FaultSwitches {
  /** Skip these check ids (record nothing for them). */
  readonly skipChecks?: readonly string[];
}

export class Endpoint {
  constructor(
    readonly spec: ProtocolSpec,
    readonly role: string,
    readonly agent: string,
    readonly run: string,
    private readonly trace: TraceRecorder,
    private readonly sizeOf: SizeOf,
    private readonly faults: FaultSwitches = {},
  ) {
    if (!spec.roles.some((r) => r.name === role)) throw new ProtocolViolation("E_UNKNOWN_ROLE", `protocol ${spec.name} has no role ${role}`);
  }

  private message(label: string, direction: "from" | "to"): Message {
    const m = messageOf(this.spec, label);
    if (m[direction] !== this.role)
      throw new ProtocolViolation("E_WRONG_ROLE", `${this.role} cannot ${direction === "from" ? "send" : "receive"} ${label}: the spec has ${m.from} → ${m.to}`);
    return m;
  }

  /** Encode and record a send; returns the wire bytes. */
  send(label: string, values: FieldValues, delivery: Delivery = {}): Uint8Array {
    const m = this.message(label, "from");
    const bytes = encodeMessage(m, values, this.sizeOf);
    this.trace.record({
      kind: "send",
      run: this.run,
      protocol: this.spec.name,
      role: this.role,
      agent: this.agent,
      label,
      peer: m.to,
      channel: m.channel,
      bytes: bytesToHex(bytes),
      fields: hexFields(values),
      ...(delivery.chain ? { chain: delivery.chain } : {}),
      ...(delivery.txHash ? { txHash: delivery.txHash } : {}),
    });
    return bytes;
  }

  /** Decode a message, run every spec check for it (all must pass), record the receive. */
  async receive(label: string, bytes: Uint8Array, handlers: CheckHandlers, delivery: Delivery = {}): Promise<Record<string, Uint8Array>> {
    const m = this.message(label, "to");
    const fields = decodeMessage(m, bytes, this.sizeOf);
    const missing = m.checks.filter((c) => !(c.name in handlers)).map((c) => c.id);
    if (missing.length) throw new ProtocolViolation("E_MISSING_CHECK", `${this.role} has no code for check(s) ${missing.join(", ")} the spec requires on ${label}`);
    const extra = Object.keys(handlers).filter((n) => !m.checks.some((c) => c.name === n));
    if (extra.length) throw new ProtocolViolation("E_UNKNOWN_CHECK", `${this.role} implements check(s) ${extra.join(", ")} that the spec does not list for ${label}`);
    for (const c of m.checks) {
      if (this.faults.skipChecks?.includes(c.id)) continue;
      try {
        await handlers[c.name]!(fields);
      } catch (e) {
        const detail = e instanceof Error ? e.message : String(e);
        this.trace.record({ kind: "check", run: this.run, protocol: this.spec.name, role: this.role, agent: this.agent, label, check: c.id, ok: false, detail });
        throw new CheckFailed(c.id, this.role, detail, e);
      }
      this.trace.record({ kind: "check", run: this.run, protocol: this.spec.name, role: this.role, agent: this.agent, label, check: c.id, ok: true });
    }
    this.trace.record({
      kind: "recv",
      run: this.run,
      protocol: this.spec.name,
      role: this.role,
      agent: this.agent,
      label,
      peer: m.from,
      channel: m.channel,
      bytes: bytesToHex(bytes),
      fields: hexFields(fields),
      ...(delivery.chain ? { chain: delivery.chain } : {}),
      ...(delivery.txHash ? { txHash: delivery.txHash } : {}),
    });
    return fields;
  }

  /** Record a claim event; the claim must be this role's in the spec. */
  claim(label: string): void {
    const c = this.spec.claims.find((x) => x.label === label);
    if (!c || c.role !== this.role) throw new ProtocolViolation("E_UNKNOWN_CLAIM", `${this.role} has no claim ${label} in ${this.spec.name}`);
    this.trace.record({ kind: "claim", run: this.run, protocol: this.spec.name, role: this.role, agent: this.agent, claim: label, type: c.type });
  }

  /** Record every claim of this role that the spec places right after `label` in the role's event order. */
  claimsAfter(label: string | undefined): void {
    const mine = this.spec.events.filter((e) => {
      if (e.kind === "message") {
        const m = this.spec.messages.find((x) => x.label === e.label)!;
        return m.from === this.role || m.to === this.role;
      }
      return this.spec.claims.find((c) => c.label === e.label)!.role === this.role;
    });
    const start = label === undefined ? 0 : mine.findIndex((e) => e.kind === "message" && e.label === label) + 1;
    for (let i = start; i < mine.length && mine[i]!.kind === "claim"; i++) this.claim(mine[i]!.label);
  }
}

function hexFields(values: FieldValues): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, bytesToHex(v)]));
}
