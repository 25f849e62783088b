// A synthetic but byte-real world for testing the conformance checker: registered agents with real
// Ed25519 keys (standing in for every signature scheme), and a driver that plays a whole spec run
// through real Endpoints, so the traces are what Endpoint records. Opaque ciphertexts are random
// bytes; signatures and hashes are real, so the checker's structural verification has teeth here.
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Check, Message, ProtocolSpec } from "../../protocol/language.ts";
import { show, type Term } from "../../protocol/terms.ts";
import { Endpoint, type CheckHandlers, type FaultSwitches } from "../../reference/roles/endpoint.ts";
import { TraceRecorder, type TraceEvent } from "../../reference/trace/events.ts";
import { Binding, payloadOf } from "../../reference/wire/binding.ts";
import { encodeMessage, messageOf, type SizeOf } from "../../reference/wire/codec.ts";
import { wireFields } from "../../reference/wire/fields.ts";
import type { TermSemantics } from "../../conformance/semantics.ts";

/** Field sizes of the synthetic world: Ed25519 signatures and SHA-256 digests are fixed. */
export const syntheticSizeOf: SizeOf = (t) => (t.kind === "sign" ? 64 : t.kind === "hash" ? 32 : undefined);

/** The synthetic world's cryptography: every scheme is Ed25519 over the spec-tagged payload, every function SHA-256. */
export const syntheticSemantics: TermSemantics = {
  verifySignature: (term, sig, pk, leaf) => ed25519.verify(sig, payloadOf(term, leaf), pk),
  hashValue: (term, leaf) => sha256(payloadOf(term, leaf)),
  constantValue: (atom) => utf8ToBytes(atom.name),
};

interface Agent {
  readonly name: string;
  readonly identity: Uint8Array;
  readonly secret: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Test-only misbehaviour of the synthetic implementation. */
export interface HarnessFaults {
  /** Endpoint fault switches per role (e.g. skip a check). */
  readonly endpoint?: Readonly<Record<string, FaultSwitches>>;
  /** Fresh values a role uses instead of drawing new ones (a reused nonce). */
  readonly fixedFresh?: Readonly<Record<string, Uint8Array>>;
  /** Deliver a message to another agent than the one playing its receiving role. */
  readonly misdirect?: { readonly label: string; readonly agent: string };
}

export class SyntheticWorld {
  readonly trace = new TraceRecorder();
  private readonly agents = new Map<string, Agent>();
  private readonly seen = new Map<string, Set<string>>();
  private readonly storage = new Map<string, Uint8Array>();
  private clock = 1_700_000_000n;

  /** Register an agent: one Ed25519 key for every scheme, recorded as a bind event. */
  register(name: string, schemes: readonly string[]): void {
    if (this.agents.has(name)) return;
    const secret = ed25519.utils.randomSecretKey();
    const publicKey = ed25519.getPublicKey(secret);
    const agent = { name, identity: sha256(utf8ToBytes(`agent ${name}`)).slice(0, 20), secret, publicKey };
    this.agents.set(name, agent);
    this.trace.record({ kind: "bind", agent: name, identity: bytesToHex(agent.identity), keys: Object.fromEntries(schemes.map((s) => [s, bytesToHex(publicKey)])) });
  }

  /** The trace so far. */
  get events(): readonly TraceEvent[] {
    return this.trace.events;
  }

  /** Play one whole run of a spec: every role an Endpoint with its own Binding, events in spec order. */
  async run(spec: ProtocolSpec, runId: string, cast: Readonly<Record<string, string>>, faults: HarnessFaults = {}): Promise<void> {
    for (const r of spec.roles) this.register(cast[r.name]!, spec.schemes.map((s) => s.name));
    if (faults.misdirect) this.register(faults.misdirect.agent, spec.schemes.map((s) => s.name));
    const ends = new Map<string, Endpoint>();
    const bindings = new Map<string, Binding>();
    for (const r of spec.roles) {
      ends.set(r.name, new Endpoint(spec, r.name, cast[r.name]!, runId, this.trace, syntheticSizeOf, faults.endpoint?.[r.name] ?? {}));
      bindings.set(r.name, new Binding());
    }
    for (const e of spec.events) {
      if (e.kind === "claim") {
        const c = spec.claims.find((x) => x.label === e.label)!;
        ends.get(c.role)!.claim(c.label);
        continue;
      }
      const m = messageOf(spec, e.label);
      const produce = this.producer(m.from, bindings.get(m.from)!, cast, faults);
      const values = Object.fromEntries(wireFields(m).map((f) => [f.name, produce(f.term)]));
      const chain = m.channel === "chainA" || m.channel === "chainB" ? m.channel : undefined;
      const delivery = chain ? { chain, txHash: bytesToHex(randomBytes(32)) } : {};
      const bytes = ends.get(m.from)!.send(m.label, values, delivery);
      let receiver = ends.get(m.to)!;
      if (faults.misdirect?.label === m.label)
        receiver = new Endpoint(spec, m.to, faults.misdirect.agent, runId, this.trace, syntheticSizeOf);
      const fields = await receiver.receive(m.label, bytes, this.handlers(m, bindings.get(m.to)!, cast), delivery);
      bindings.get(m.to)!.absorb(m, fields);
    }
  }

  private agent(cast: Readonly<Record<string, string>>, role: string): Agent {
    return this.agents.get(cast[role]!)!;
  }

  /** How a sender makes the value of a term: from its binding, else by generating or computing it. */
  private producer(role: string, binding: Binding, cast: Readonly<Record<string, string>>, faults: HarnessFaults): (t: Term) => Uint8Array {
    const produce = (t: Term): Uint8Array => {
      if (binding.has(t)) return binding.get(t);
      let v: Uint8Array;
      switch (t.kind) {
        case "atom":
          if (t.origin === "const") v = utf8ToBytes(t.name);
          else if (t.owner !== role) throw new Error(`harness: ${role} needs ${t.name}, which ${t.owner} makes and has not sent it`);
          else if (faults.fixedFresh?.[t.name]) v = faults.fixedFresh[t.name]!;
          else if (t.sort === "Timestamp") v = hexToBytes((this.clock++).toString(16).padStart(16, "0"));
          else v = randomBytes(16);
          break;
        case "agent":
          v = this.agent(cast, t.role).identity;
          break;
        case "pk":
          v = this.agent(cast, t.role).publicKey;
          break;
        case "hash":
          v = sha256(payloadOf(t, produce));
          break;
        case "sign":
          if (t.key.role !== role) throw new Error(`harness: ${role} cannot sign as ${t.key.role}`);
          v = ed25519.sign(payloadOf(t, produce), this.agent(cast, role).secret);
          break;
        default:
          v = randomBytes(48);
          if (t.kind === "senc") this.storage.set(show(t), v);
      }
      return binding.set(t, v);
    };
    return produce;
  }

  /** Generic, kind-driven implementations of a message's checks, over the message's fields and the receiver's binding. */
  private handlers(m: Message, binding: Binding, cast: Readonly<Record<string, string>>): CheckHandlers {
    return Object.fromEntries(m.checks.map((c) => [c.name, (fields: Record<string, Uint8Array>) => this.runCheck(m, c, fields, binding, cast)]));
  }

  private runCheck(m: Message, c: Check, fields: Record<string, Uint8Array>, binding: Binding, cast: Readonly<Record<string, string>>): void {
    const inMsg = new Map(wireFields(m).map((f) => [show(f.term), fields[f.name]!]));
    const leaf = (t: Term): Uint8Array => {
      const v = inMsg.get(show(t)) ?? (binding.has(t) ? binding.get(t) : this.storage.get(show(t)));
      if (v) return v;
      if (t.kind === "hash") return sha256(payloadOf(t, leaf));
      if (t.kind === "atom" && t.origin === "const") return utf8ToBytes(t.name);
      if (t.kind === "agent") return this.agent(cast, t.role).identity;
      if (t.kind === "pk") return this.agent(cast, t.role).publicKey;
      throw new Error(`${c.id}: ${show(t)} is unknown to the receiver`);
    };
    const fail = (why: string): never => {
      throw new Error(`${c.id}: ${why}`);
    };
    const on = c.on;
    switch (c.kind) {
      case "verify-signature":
      case "relay-proof":
        if (on.kind !== "sign") return fail("not a signature");
        if (!ed25519.verify(leaf(on), payloadOf(on, leaf), this.agent(cast, on.key.role).publicKey)) fail(`${show(on)} does not verify`);
        return;
      case "hash":
        if (on.kind !== "hash") return fail("not a hash");
        if (bytesToHex(leaf(on)) !== bytesToHex(sha256(payloadOf(on, leaf)))) fail(`${show(on)} does not match`);
        return;
      case "equals":
      case "registered": {
        const want = on.kind === "agent" ? this.agent(cast, on.role).identity : binding.has(on) ? binding.get(on) : undefined;
        if (!want || bytesToHex(leaf(on)) !== bytesToHex(want)) fail(`${show(on)} is not the expected value`);
        return;
      }
      case "fresh-nonce": {
        const key = `${m.to}|${c.id}`;
        const seen = this.seen.get(key) ?? new Set<string>();
        this.seen.set(key, seen);
        const v = bytesToHex(leaf(on));
        if (seen.has(v)) fail(`${show(on)} was seen before`);
        seen.add(v);
        return;
      }
      case "timestamp":
        if (leaf(on).length !== 8) fail("a timestamp is 8 bytes");
        return;
      case "certified":
        if (on.kind !== "pk" || leaf(on).length !== 32) fail("no certified key");
        return;
      case "chain-id":
      case "decrypt":
        if (leaf(on).length === 0) fail(`${show(on)} is empty`);
        return;
    }
  }
}

/** The MedExChain cast the synthetic tests use, per sub-protocol role. */
export const CAST: Readonly<Record<string, string>> = { D: "device-1", F: "firewall-1", HA: "hospital-a", P: "alice", HB: "hospital-b", R: "relay-committee" };

/** Re-encode a recorded message event's bytes after changing its fields (for mutated traces). */
export function reencode(m: Message, fields: Readonly<Record<string, string>>): string {
  const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, hexToBytes(v)]));
  return bytesToHex(encodeMessage(m, values));
}
