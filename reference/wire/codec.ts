// Canonical binary encoding of spec messages. The layout is read from the spec, so a message the
// spec changes is encoded differently without a second copy of its structure:
//   version(1) | label (varint length + UTF-8) | for each wire field: varint length + bytes
// Fixed-size fields (keys, signatures, ciphertexts) are length-checked against the sizes the
// implementation registers for their terms.
import type { Message, ProtocolSpec } from "../../protocol/language.ts";
import type { Term } from "../../protocol/terms.ts";
import { wireFields, type WireField } from "./fields.ts";
import { MedExChainError } from "../../protocol/errors.ts";

export const WIRE_VERSION = 1;
/** Upper bound on a single field: nothing in the protocol comes near it, so more means garbage. */
export const MAX_FIELD_BYTES = 1 << 20;

export type FieldValues = Readonly<Record<string, Uint8Array>>;
/** Expected byte length of a field carrying `t`, or undefined when the length varies. */
export type SizeOf = (t: Term) => number | undefined;

export class WireError extends MedExChainError {
  constructor(code: string, message: string, remedy = "the bytes are not an encoding of this spec message; send what encodeMessage produces for it") {
    super(code, message, remedy);
  }
}

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function readVarint(buf: Uint8Array, at: number, what: string): [number, number] {
  let n = 0;
  let shift = 0;
  for (let i = at; i < buf.length && i < at + 4; i++) {
    const b = buf[i]!;
    n |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) {
      if (i > at && b === 0) throw new WireError("E_NON_CANONICAL", `${what}: length is not minimally encoded`);
      return [n >>> 0, i + 1];
    }
    shift += 7;
  }
  throw new WireError("E_TRUNCATED", `${what}: the message ends inside a length prefix`);
}

/** Encode a spec message's field values; every field the spec names must be present. */
export function encodeMessage(m: Message, values: FieldValues, sizeOf: SizeOf = () => undefined): Uint8Array {
  const parts: number[] = [WIRE_VERSION];
  const label = new TextEncoder().encode(m.label);
  parts.push(...varint(label.length), ...label);
  const out: Uint8Array[] = [Uint8Array.from(parts)];
  for (const f of wireFields(m)) {
    const v = values[f.name];
    if (!v) throw new WireError("E_MISSING_FIELD", `message ${m.label}: field "${f.name}" has no value; the sender must supply every field the spec names`);
    checkSize(m, f, v, sizeOf);
    out.push(Uint8Array.from(varint(v.length)), v);
  }
  const extra = Object.keys(values).filter((k) => !wireFields(m).some((f) => f.name === k));
  if (extra.length) throw new WireError("E_UNKNOWN_FIELD", `message ${m.label}: fields ${extra.join(", ")} are not in the spec`);
  return concat(out);
}

/** Decode bytes as the given spec message; rejects a wrong label, bad lengths and trailing bytes. */
export function decodeMessage(m: Message, bytes: Uint8Array, sizeOf: SizeOf = () => undefined): Record<string, Uint8Array> {
  if (bytes.length < 2) throw new WireError("E_TRUNCATED", `message ${m.label}: ${bytes.length} bytes is too short to be a message`);
  if (bytes[0] !== WIRE_VERSION) throw new WireError("E_BAD_VERSION", `message ${m.label}: wire version ${bytes[0]} is not ${WIRE_VERSION}`);
  const [llen, at0] = readVarint(bytes, 1, `message ${m.label} label`);
  if (at0 + llen > bytes.length) throw new WireError("E_TRUNCATED", `message ${m.label}: the label runs past the end`);
  const label = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(at0, at0 + llen));
  if (label !== m.label) throw new WireError("E_WRONG_LABEL", `expected message ${m.label} but the bytes are labelled "${label}"`);
  let at = at0 + llen;
  const out: Record<string, Uint8Array> = {};
  for (const f of wireFields(m)) {
    const [len, next] = readVarint(bytes, at, `message ${m.label} field ${f.name}`);
    if (len > MAX_FIELD_BYTES) throw new WireError("E_TOO_LARGE", `message ${m.label}: field ${f.name} claims ${len} bytes`);
    if (next + len > bytes.length) throw new WireError("E_TRUNCATED", `message ${m.label}: field ${f.name} runs past the end of the message`);
    const v = bytes.slice(next, next + len);
    checkSize(m, f, v, sizeOf);
    out[f.name] = v;
    at = next + len;
  }
  if (at !== bytes.length) throw new WireError("E_TRAILING_BYTES", `message ${m.label}: ${bytes.length - at} unexpected bytes after the last field`);
  return out;
}

/** The label a byte string claims to carry, without decoding the rest. */
export function peekLabel(bytes: Uint8Array): string {
  if (bytes.length < 2 || bytes[0] !== WIRE_VERSION) throw new WireError("E_BAD_VERSION", "not a MedExChain wire message");
  const [llen, at] = readVarint(bytes, 1, "label");
  if (at + llen > bytes.length) throw new WireError("E_TRUNCATED", "the label runs past the end");
  return new TextDecoder().decode(bytes.subarray(at, at + llen));
}

/** Find a message of a spec by label, with a typed error naming what exists. */
export function messageOf(spec: ProtocolSpec, label: string): Message {
  const m = spec.messages.find((x) => x.label === label);
  if (!m) throw new WireError("E_UNKNOWN_LABEL", `protocol ${spec.name} has no message "${label}" (it has ${spec.messages.map((x) => x.label).join(", ")})`);
  return m;
}

function checkSize(m: Message, f: WireField, v: Uint8Array, sizeOf: SizeOf): void {
  const want = sizeOf(f.term);
  if (want !== undefined && v.length !== want)
    throw new WireError("E_WRONG_LENGTH", `message ${m.label}: field ${f.name} is ${v.length} bytes, expected ${want}`);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
