// Bytes on the wire per message and per share, from the trace of a real run: every message a role
// sent, as the wire codec encoded it, split into the spec's fields. Each field is classed by its
// term in the spec (a signature, a PRE object, the AEAD payload, a digest, a nonce, an identity), so
// "cryptographic objects only" and "payload" are read off the spec, not hand-listed.
import { share, upload } from "../protocol/specs/medexchain.ts";
import type { ProtocolSpec } from "../protocol/language.ts";
import { show, type Term } from "../protocol/terms.ts";
import type { TraceEvent } from "../reference/trace/events.ts";
import { messageOf } from "../reference/wire/codec.ts";
import { wireFields } from "../reference/wire/fields.ts";
import { BenchmarkError } from "./errors.ts";

/** What a field is, by its spec term. */
export type FieldClass = "signature" | "committee proof" | "PRE" | "payload" | "digest" | "nonce" | "timestamp" | "identity" | "other";

/** One field of one message. */
export interface FieldBytes {
  name: string;
  class: FieldClass;
  bytes: number;
}

/** One message as sent. */
export interface MessageBytes {
  label: string;
  protocol: string;
  from: string;
  to: string;
  channel: string;
  bytes: number;
  /** the codec's framing: version, label and length prefixes */
  framing: number;
  fields: FieldBytes[];
}

/** The per-share accounting. */
export interface WireBytes {
  messages: MessageBytes[];
  /** labels counted in bytesPerShare: the cross-chain share messages */
  shareLabels: string[];
  /** labels of the upload (per record, before any share) */
  uploadLabels: string[];
  bytesPerShare: number;
  /** the same messages, cryptographic objects only (signatures, committee proofs, PRE objects) */
  cryptoBytesPerShare: number;
  /**
   * bytesPerShare without the fields a share message re-reads from the record anchored on the same
   * chain (an1's fields in gr1: CID, blob hash, C′, HA's signature, D, tsD — stored once at upload and
   * counted in bytesPerUpload): what a share adds on the wire
   */
  transmittedBytesPerShare: number;
  /** the fields left out of transmittedBytesPerShare, as "label.field" */
  anchoredReads: string[];
  /** upload and anchoring messages, without the PHR blob */
  bytesPerUpload: number;
  /** the encrypted PHR blob (AEAD ciphertext), sent device → firewall and again storage → HB */
  payloadBytes: number;
  /** bytes per share by field class */
  byClass: Record<FieldClass, number>;
}

/** The cross-chain share: HB's request to its acknowledgement (anchoring and the blob are not in it). */
export const SHARE_LABELS = ["in1", "rq1", "rq2", "gr1", "dl1", "ak1"] as const;
/** The upload of a record: device → firewall → hospital A → anchored on chain A. */
export const UPLOAD_LABELS = ["up1", "up2", "an1"] as const;

function classify(t: Term, spec: ProtocolSpec): FieldClass {
  switch (t.kind) {
    case "sign":
      return spec.schemes.find((k) => k.name === t.key.scheme)?.use === "committee" ? "committee proof" : "signature";
    case "preEnc":
    case "reEnc":
    case "reKey":
    case "rerand":
      return "PRE";
    case "senc":
      return "payload";
    case "hash":
      return "digest";
    case "agent":
      return "identity";
    case "atom":
      return t.sort === "Nonce" ? "nonce" : t.sort === "Timestamp" ? "timestamp" : t.sort === "Agent" ? "identity" : "other";
    default:
      return "other";
  }
}

const SPECS: Record<string, ProtocolSpec> = { [upload.name]: upload, [share.name]: share };

/** The messages sent in runs `runs` of a trace, field by field. */
export function messagesOf(events: readonly TraceEvent[], runs: readonly string[]): MessageBytes[] {
  const out: MessageBytes[] = [];
  for (const e of events) {
    if (e.kind !== "send" || !runs.includes(e.run)) continue;
    const spec = SPECS[e.protocol];
    if (!spec) throw new BenchmarkError(`trace names an unknown protocol "${e.protocol}"`);
    const terms = new Map(wireFields(messageOf(spec, e.label)).map((f) => [f.name, f.term]));
    const fields = Object.entries(e.fields).map(([name, hex]) => {
      const t = terms.get(name);
      return { name, class: t ? classify(t, spec) : ("other" as FieldClass), bytes: hex.length / 2 };
    });
    const bytes = e.bytes.length / 2;
    out.push({ label: e.label, protocol: e.protocol, from: e.role, to: e.peer, channel: e.channel, bytes, framing: bytes - fields.reduce((n, f) => n + f.bytes, 0), fields });
  }
  return out;
}

/** Bytes of one share (the upload run and the share run of the same record). */
export function wireBytesOf(events: readonly TraceEvent[], uploadRun: string, shareRun: string): WireBytes {
  const messages = messagesOf(events, [uploadRun, shareRun]);
  const pick = (labels: readonly string[]) => labels.map((l) => {
    const m = messages.find((x) => x.label === l);
    if (!m) throw new BenchmarkError(`message ${l} was not sent in runs ${uploadRun}/${shareRun}`);
    return m;
  });
  const shareMsgs = pick(SHARE_LABELS);
  const uploadMsgs = pick(UPLOAD_LABELS);
  const byClass = { signature: 0, "committee proof": 0, PRE: 0, payload: 0, digest: 0, nonce: 0, timestamp: 0, identity: 0, other: 0 } as Record<FieldClass, number>;
  for (const m of shareMsgs) for (const f of m.fields) byClass[f.class] += f.bytes;
  const isCrypto = (c: FieldClass) => c === "signature" || c === "committee proof" || c === "PRE";
  // A field whose spec term an1 anchored on chain A, in a share message read from chain A, is a read of
  // the stored record: its bytes crossed the wire once, at anchoring (except the record id, which names it).
  const an1 = messageOf(share, "an1");
  const anchoredTerms = new Set(wireFields(an1).filter((f) => f.name !== "rec").map((f) => show(f.term)));
  const anchoredReads: string[] = [];
  let anchoredBytes = 0;
  for (const m of shareMsgs) {
    if (m.channel !== an1.channel) continue;
    const terms = new Map(wireFields(messageOf(share, m.label)).map((f) => [f.name, show(f.term)]));
    for (const f of m.fields)
      if (anchoredTerms.has(terms.get(f.name) ?? "")) {
        anchoredReads.push(`${m.label}.${f.name}`);
        anchoredBytes += f.bytes;
      }
  }
  const payloadIn = (ms: MessageBytes[]) => ms.reduce((n, m) => n + m.fields.filter((f) => f.class === "payload").reduce((a, f) => a + f.bytes, 0), 0);
  return {
    messages,
    shareLabels: [...SHARE_LABELS],
    uploadLabels: [...UPLOAD_LABELS],
    bytesPerShare: shareMsgs.reduce((n, m) => n + m.bytes, 0) - payloadIn(shareMsgs),
    cryptoBytesPerShare: shareMsgs.reduce((n, m) => n + m.fields.filter((f) => isCrypto(f.class)).reduce((a, f) => a + f.bytes, 0), 0),
    transmittedBytesPerShare: shareMsgs.reduce((n, m) => n + m.bytes, 0) - payloadIn(shareMsgs) - anchoredBytes,
    anchoredReads,
    bytesPerUpload: uploadMsgs.reduce((n, m) => n + m.bytes, 0) - payloadIn(uploadMsgs),
    payloadBytes: payloadIn(uploadMsgs.filter((m) => m.label === "up1")),
    byClass,
  };
}
