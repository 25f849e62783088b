// The values a run carries: every message is decoded through the implementation's own codec back into
// the spec's fields, each field's term is bound to its bytes once per run across all roles, a delivered
// message must be the bytes its sender sent, and fresh values must never recur in another run or term.
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { show, type Atom, type Term } from "../protocol/terms.ts";
import { decodeMessage, messageOf, WireError, type SizeOf } from "../reference/wire/codec.ts";
import { wireFields } from "../reference/wire/fields.ts";
import { brief, type Mismatch } from "./mismatch.ts";
import type { MessageEvent, Run } from "./runs.ts";

/** Where a term got its value in a run: the first event that carried it. */
interface BoundAt {
  readonly hex: string;
  readonly role: string;
  readonly label: string;
  /** Sequence number of the event that first carried the value. */
  readonly seq: number;
}

/** A run's values: spec term (by its rendering) to bytes, as first carried by a message. */
export class RunValues {
  private readonly values = new Map<string, BoundAt>();
  private readonly terms = new Map<string, Term>();

  constructor(readonly run: Run) {}

  /** Bind a term; returns the earlier binding when the value differs from it. */
  bind(t: Term, hex: string, role: string, label: string, seq: number): BoundAt | undefined {
    const key = show(t);
    const old = this.values.get(key);
    if (old) return old.hex === hex ? undefined : old;
    this.values.set(key, { hex, role, label, seq });
    this.terms.set(key, t);
    return undefined;
  }

  /** The bytes bound to a term in this run, if a message carried it. */
  get(t: Term): Uint8Array | undefined {
    const b = this.values.get(show(t));
    return b ? hexToBytes(b.hex) : undefined;
  }

  /** Every bound term with where it was first carried. */
  entries(): { term: Term; at: BoundAt }[] {
    return [...this.values.entries()].map(([k, at]) => ({ term: this.terms.get(k)!, at }));
  }
}

/** Decode every message of a run, bind its fields and check deliveries; returns the run's values. */
export function checkRunValues(run: Run, sizeOf: SizeOf, report: (m: Mismatch) => void): RunValues {
  const values = new RunValues(run);
  const msgs = run.events.filter((e): e is MessageEvent => e.kind === "send" || e.kind === "recv");
  for (const e of msgs) {
    const fields = decodeEvent(run, e, sizeOf, report);
    if (!fields) continue;
    const m = messageOf(run.spec, e.label);
    for (const f of wireFields(m)) {
      const hex = fields[f.name]!;
      const old = values.bind(f.term, hex, e.role, e.label, e.seq);
      if (old)
        report({
          code: "VALUE_CHANGED",
          run: run.key,
          role: e.role,
          label: e.label,
          expected: `${show(f.term)} = ${brief(old.hex)} (as carried by ${old.label}, ${old.role})`,
          observed: brief(hex),
          detail: `field ${f.name} of ${e.label} carries a different value for ${show(f.term)} than earlier in this run: a stale, replayed or substituted value`,
        });
    }
  }
  checkDeliveries(run, msgs, report);
  return values;
}

function decodeEvent(run: Run, e: MessageEvent, sizeOf: SizeOf, report: (m: Mismatch) => void): Record<string, string> | undefined {
  let m;
  try {
    m = messageOf(run.spec, e.label);
  } catch {
    return undefined; // role order already reports the unknown label
  }
  const bad = (code: Mismatch["code"], expected: string, observed: string, detail: string): undefined => {
    report({ code, run: run.key, role: e.role, label: e.label, expected, observed, detail });
    return undefined;
  };
  let decoded: Record<string, Uint8Array>;
  try {
    decoded = decodeMessage(m, hexToBytes(e.bytes), sizeOf);
  } catch (err) {
    const why = err instanceof WireError ? `${err.code}: ${err.message}` : String(err);
    return bad("MALFORMED", `${m.label} = ${show(m.term)}`, why, `the ${e.kind} bytes of ${e.label} do not decode as the spec's message`);
  }
  const out = Object.fromEntries(Object.entries(decoded).map(([k, v]) => [k, bytesToHex(v)]));
  const names = wireFields(m).map((f) => f.name);
  const recorded = Object.keys(e.fields ?? {});
  const missing = names.filter((n) => !(n in (e.fields ?? {})));
  const extra = recorded.filter((n) => !names.includes(n));
  if (missing.length || extra.length)
    return bad("FIELDS_DISAGREE", names.join(", "), recorded.join(", "), `the recorded fields of ${e.label} are not the spec's (missing: ${missing.join(", ") || "none"}; extra: ${extra.join(", ") || "none"})`);
  const differs = names.filter((n) => e.fields[n]!.toLowerCase() !== out[n]);
  if (differs.length) return bad("FIELDS_DISAGREE", `fields decoded from the bytes`, differs.join(", "), `the recorded fields ${differs.join(", ")} of ${e.label} differ from what its bytes decode to`);
  return out;
}

/** Each message sent once, received once by the spec's receiver, with the sender's bytes, after it was sent. */
function checkDeliveries(run: Run, msgs: readonly MessageEvent[], report: (m: Mismatch) => void): void {
  for (const m of run.spec.messages) {
    const sends = msgs.filter((e) => e.kind === "send" && e.label === m.label);
    const recvs = msgs.filter((e) => e.kind === "recv" && e.label === m.label);
    const at = (role: string, code: Mismatch["code"], expected: string, observed: string, detail: string): void =>
      report({ code, run: run.key, role, label: m.label, expected, observed, detail });
    if (sends.length > 1 || recvs.length > 1) at(m.to, "DUPLICATE_MESSAGE", "one send and one receive per run", `${sends.length} sends, ${recvs.length} receives`, `${m.label} occurs more than once in one run: a replay within the run`);
    const send = sends[0];
    const recv = recvs[0];
    if (recv && !send) at(recv.role, "NOT_DELIVERED", `${m.label} sent by ${m.from} in this run`, "a receive with no send in this run", `${recv.role} accepted ${m.label} that no ${m.from} sent in this run: it came from another run or another party`);
    if (!send || !recv) continue; // a send never received: the receiver's role order reports it
    if (send.bytes.toLowerCase() !== recv.bytes.toLowerCase()) at(recv.role, "DELIVERY_ALTERED", brief(send.bytes), brief(recv.bytes), `${recv.role} received ${m.label} with other bytes than ${send.role} sent`);
    if (recv.seq < send.seq) at(recv.role, "RECEIVED_BEFORE_SENT", `receive after send #${send.seq}`, `receive #${recv.seq}`, `${m.label} was received before it was sent`);
    if (m.channel === "chainA" || m.channel === "chainB") {
      if (!send.chain || !send.txHash) at(send.role, "CHAIN_RECORD", `${m.channel} transaction (chain and txHash)`, `chain=${send.chain ?? "none"} txHash=${send.txHash ?? "none"}`, `${m.label} travels over ${m.channel}; its send must record the chain and transaction that carried it`);
      else if (recv.chain !== send.chain || (recv.txHash !== undefined && recv.txHash !== send.txHash))
        at(recv.role, "CHAIN_RECORD", `chain=${send.chain} txHash=${send.txHash}`, `chain=${recv.chain ?? "none"} txHash=${recv.txHash ?? "none"}`, `${recv.role} read ${m.label} from another chain or transaction than it was sent in`);
    }
  }
}

/** Chains must keep apart: every chainA message on one chain, every chainB message on another. */
export function checkChainSeparation(runs: readonly Run[], report: (m: Mismatch) => void): void {
  const seen = new Map<string, Set<string>>();
  for (const run of runs)
    for (const e of run.events) {
      if ((e.kind !== "send" && e.kind !== "recv") || !e.chain || (e.channel !== "chainA" && e.channel !== "chainB")) continue;
      let s = seen.get(e.channel);
      if (!s) seen.set(e.channel, (s = new Set()));
      s.add(e.chain);
    }
  for (const [channel, chains] of seen)
    if (chains.size > 1) report({ code: "CHAIN_RECORD", run: "", role: "", label: channel, expected: `one chain for ${channel}`, observed: [...chains].join(", "), detail: `messages the spec puts on ${channel} were recorded on several chains` });
  const a = seen.get("chainA");
  const b = seen.get("chainB");
  const both = a && b ? [...a].filter((c) => b.has(c)) : [];
  if (both.length) report({ code: "CHAIN_RECORD", run: "", role: "", label: "chainA/chainB", expected: "chain A and chain B are different chains", observed: both.join(", "), detail: "chain A and chain B messages were recorded on the same chain; the protocol bridges two ledgers" });
}

/** Fresh values never recur in another run or as another term; an agent's timestamps never go back. */
export function checkFreshness(all: readonly RunValues[], report: (m: Mismatch) => void): void {
  const first = new Map<string, { run: string; atom: string; role: string; label: string }>();
  const stamps: { agent: string; atom: Atom; run: string; at: BoundAt }[] = [];
  for (const rv of all) {
    const owners = new Map<string, string>();
    for (const e of rv.run.events) if (!owners.has(e.role)) owners.set(e.role, e.agent);
    for (const { term, at } of rv.entries()) {
      if (term.kind !== "atom" || term.origin !== "fresh") continue;
      // Timestamps are clock readings: two runs in one clock tick share one; replay protection rests on
      // the nonces and on the receivers' windows, so what must hold is that no agent's clock runs back.
      // A Name (a device id) is an identity its owner reuses in every record, not a nonce.
      if (term.sort === "Name") continue;
      if (term.sort === "Timestamp") {
        stamps.push({ agent: owners.get(term.owner ?? "") ?? term.owner ?? "", atom: term, run: rv.run.key, at });
        continue;
      }
      const prev = first.get(at.hex);
      if (!prev) {
        first.set(at.hex, { run: rv.run.key, atom: term.name, role: at.role, label: at.label });
        continue;
      }
      if (prev.run === rv.run.key && prev.atom === term.name) continue;
      report({
        code: "FRESH_REUSED",
        run: rv.run.key,
        role: at.role,
        label: at.label,
        expected: `${term.name} fresh (generated by ${term.owner} for this run)`,
        observed: `${brief(at.hex)}, already ${prev.atom} in ${prev.run} (${prev.label})`,
        detail: `the fresh value ${term.name} repeats a value seen before: a reused ${term.sort.toLowerCase()} defeats replay protection`,
      });
    }
  }
  const latest = new Map<string, { hex: string; run: string; atom: string }>();
  for (const s of stamps.sort((a, b) => a.at.seq - b.at.seq)) {
    const prev = latest.get(s.agent);
    // Fixed-width big-endian encodings compare as numbers when compared as hex strings of one length.
    if (prev && prev.hex.length === s.at.hex.length && s.at.hex < prev.hex) {
      report({
        code: "STALE_TIMESTAMP",
        run: s.run,
        role: s.at.role,
        label: s.at.label,
        expected: `${s.atom.name} ≥ ${prev.hex} (${prev.atom} of ${prev.run}, earlier from ${s.agent})`,
        observed: s.at.hex,
        detail: `${s.agent}'s timestamp ${s.atom.name} is older than one it used before: a replayed or back-dated message`,
      });
      continue;
    }
    latest.set(s.agent, { hex: s.at.hex, run: s.run, atom: s.atom.name });
  }
}
