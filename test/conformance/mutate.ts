// Trace mutations for conformance tests: each makes an honest trace into what a faulty implementation
// would have recorded, so the test can show the checker catches exactly that fault.
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import type { Message, ProtocolSpec } from "../../protocol/language.ts";
import { tuple } from "../../protocol/terms.ts";
import type { TraceEvent } from "../../reference/trace/events.ts";
import { encodeMessage, messageOf } from "../../reference/wire/codec.ts";
import { wireFields } from "../../reference/wire/fields.ts";

type MessageEvent = Extract<TraceEvent, { kind: "send" | "recv" }>;

/** The message label an event concerns (sends, receives and checks), if any. */
export function labelOf(e: TraceEvent): string | undefined {
  return e.kind === "send" || e.kind === "recv" || e.kind === "check" ? e.label : undefined;
}

/** Give events their array order as sequence numbers. */
export function renumber(events: readonly TraceEvent[]): TraceEvent[] {
  return events.map((e, i) => ({ ...e, seq: i }));
}

/** Is this a send or receive of `label` in `run`? */
export function isMessage(e: TraceEvent, run: string, label: string): e is MessageEvent {
  return (e.kind === "send" || e.kind === "recv") && e.run === run && e.label === label;
}

/** Change fields of a message (both its send and receive in a run), re-encoding the bytes. */
export function editFields(events: readonly TraceEvent[], spec: ProtocolSpec, run: string, label: string, edit: (f: Record<string, string>) => Record<string, string>): TraceEvent[] {
  const m = messageOf(spec, label);
  return events.map((e) => {
    if (!isMessage(e, run, label)) return e;
    const fields = edit({ ...e.fields });
    return { ...e, fields, bytes: encodeAs(m, fields) };
  });
}

/** Remove a field from a message as a faulty encoder would: the bytes and fields simply lack it. */
export function dropField(events: readonly TraceEvent[], spec: ProtocolSpec, run: string, label: string, field: string): TraceEvent[] {
  const m = messageOf(spec, label);
  const kept = wireFields(m).filter((f) => f.name !== field);
  const shorter: Message = { ...m, term: tuple(...kept.map((f) => f.term)) };
  return events.map((e) => {
    if (!isMessage(e, run, label)) return e;
    const fields = Object.fromEntries(Object.entries(e.fields).filter(([k]) => k !== field));
    return { ...e, fields, bytes: encodeAs(shorter, fields) };
  });
}

function encodeAs(m: Message, fields: Record<string, string>): string {
  return bytesToHex(encodeMessage(m, Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, hexToBytes(v)]))));
}

/** Move the events matching `what` to just before the first event matching `before`, then renumber. */
export function moveBefore(events: readonly TraceEvent[], what: (e: TraceEvent) => boolean, before: (e: TraceEvent) => boolean): TraceEvent[] {
  const moved = events.filter(what);
  const rest = events.filter((e) => !what(e));
  const at = rest.findIndex(before);
  return renumber([...rest.slice(0, at), ...moved, ...rest.slice(at)]);
}

/** Flip one byte of a hex value (a forged signature, a corrupted hash). */
export function flipByte(hex: string, at = 0): string {
  const b = hexToBytes(hex);
  b[at] = b[at]! ^ 0x01;
  return bytesToHex(b);
}
