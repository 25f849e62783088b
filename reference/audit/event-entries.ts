// Second pass of the audit: every event is backed by the audit entry its transaction appended, with
// the payload hash the contract computed from exactly those event fields, and every entry is
// explained by an event. An insider who rewrites an event (a record's CID, a grant's key) or deletes
// one is caught here even when the log's own hash chain is intact.
import { encodeAbiParameters, keccak256, type ContractEventName, type Hex } from "viem";
import type { ChainEvent } from "../chains/adapter.ts";
import { phaseName, PHASES, type AuditEntry } from "../chains/audit-log.ts";
import type { AuditView, ContractView } from "./chain-view.ts";
import { operatorOf, type Finding } from "./findings.ts";
import { eventArgs } from "../chains/typed-events.ts";
import { ExchangeBAbi, IdentityRegistryAAbi, IdentityRegistryBAbi, PhrIndexAAbi, RelayLogAbi } from "../contracts/build/abi.ts";

/** Every event any audited contract emits, typed from the generated ABIs. */
const AUDITED_ABI = [...IdentityRegistryAAbi, ...PhrIndexAAbi, ...IdentityRegistryBAbi, ...ExchangeBAbi, ...RelayLogAbi] as const;
const argsOf = <E extends ContractEventName<typeof AUDITED_ABI>>(name: E, e: ChainEvent) => eventArgs(AUDITED_ABI, name, e);

/** What an event commits its transaction's audit entry to. */
interface Expectation {
  phase: number;
  payloadHash: Hex;
  /** The entry's actor must be this account, when the contract makes the event's party the caller. */
  actor?: Hex;
  event: string;
}

const enc = (types: readonly string[], values: readonly unknown[]) => keccak256(encodeAbiParameters(types.map((type) => ({ type })), values));

function outboundPayload(events: readonly ChainEvent[]): Hex | undefined {
  const e = events.find((x) => x.eventName === "Outbound");
  return e && argsOf("Outbound", e).payload;
}

/** The audit entry each event of one transaction implies (contract-specific, as in the Solidity sources). */
function expectations(events: readonly ChainEvent[]): Expectation[] {
  const out: Expectation[] = [];
  for (const e of events) {
    switch (e.eventName) {
      case "RecordAnchored": {
        const a = argsOf("RecordAnchored", e);
        out.push({
          event: e.eventName,
          phase: PHASES.ANCHOR,
          payloadHash: enc(["bytes32", "bytes", "bytes32", "bytes", "address", "bytes32", "uint64", "bytes"], [a.recordId, a.cid, a.blobHash, a.preCiphertext, a.owner, a.device, a.timestamp, a.evidence]),
          actor: a.hospital,
        });
        break;
      }
      case "RequestAccepted": {
        const a = argsOf("RequestAccepted", e);
        out.push({ event: e.eventName, phase: PHASES.REQUEST_ACCEPTED, payloadHash: keccak256(a.request) });
        break;
      }
      case "Granted": {
        const a = argsOf("Granted", e);
        out.push({ event: e.eventName, phase: PHASES.GRANT, payloadHash: enc(["bytes32", "bytes", "bytes"], [a.requestId, a.reKey, a.patientSig]), actor: a.patient });
        break;
      }
      case "Refused": {
        const a = argsOf("Refused", e);
        out.push({ event: e.eventName, phase: PHASES.REFUSE, payloadHash: keccak256(outboundPayload(events) ?? "0x"), actor: a.patient });
        break;
      }
      case "ReEncrypted": {
        const a = argsOf("ReEncrypted", e);
        out.push({ event: e.eventName, phase: PHASES.REENCRYPT, payloadHash: keccak256(outboundPayload(events) ?? "0x"), actor: a.submitter });
        break;
      }
      case "RequestFiled": {
        const a = argsOf("RequestFiled", e);
        out.push({ event: e.eventName, phase: PHASES.REQUEST, payloadHash: keccak256(outboundPayload(events) ?? "0x"), actor: a.requester });
        break;
      }
      case "Delivered": {
        const a = argsOf("Delivered", e);
        out.push({ event: e.eventName, phase: PHASES.DELIVER, payloadHash: keccak256(a.delivery) });
        break;
      }
      case "Acknowledged": {
        const a = argsOf("Acknowledged", e);
        out.push({ event: e.eventName, phase: PHASES.ACK, payloadHash: enc(["bytes32", "bytes32", "bytes"], [a.requestId, a.ackHash, a.ed25519Sig]), actor: a.requester });
        break;
      }
      case "Carried": {
        const a = argsOf("Carried", e);
        out.push({ event: e.eventName, phase: PHASES.RELAY, payloadHash: a.digest });
        break;
      }
      case "CommitteeSet": {
        const a = argsOf("CommitteeSet", e);
        out.push({ event: e.eventName, phase: PHASES.SETUP, payloadHash: enc(["uint256", "address[]", "uint256"], [a.epoch, a.members, a.threshold]) });
        break;
      }
      case "PeerSet": {
        const a = argsOf("PeerSet", e);
        out.push({ event: e.eventName, phase: PHASES.SETUP, payloadHash: enc(["uint256", "address"], [a.peerChainId, a.peerContract]) });
        break;
      }
      case "PartyRegistered": {
        const a = argsOf("PartyRegistered", e);
        out.push({ event: e.eventName, phase: PHASES.REGISTER, payloadHash: enc(["address", "uint8", "bytes", "bytes", "bytes"], [a.account, a.role, a.preKey, a.sigKey, a.gtPossession]) });
        break;
      }
      case "DeviceRegistered": {
        const a = argsOf("DeviceRegistered", e);
        out.push({ event: e.eventName, phase: PHASES.REGISTER, payloadHash: enc(["bytes32", "bytes"], [a.deviceId, a.sigKey]), actor: a.owner });
        break;
      }
      case "HospitalRegistered": {
        const a = argsOf("HospitalRegistered", e);
        out.push({ event: e.eventName, phase: PHASES.REGISTER, payloadHash: enc(["address", "bytes32", "bytes", "string", "bytes", "bytes"], [a.account, a.ed25519Key, a.preKey, a.name, a.gtPossession, a.ed25519Possession]) });
        break;
      }
      default:
        break; // AuditEntry, Outbound (checked below) and events that make no entry of their own
    }
  }
  return out;
}

const same = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();

function checkContract(c: ContractView): Finding[] {
  const findings: Finding[] = [];
  const party = operatorOf(c.chain);
  const add = (phase: string, detail: string) => findings.push({ kind: "altered", phase, chain: c.chain, party, detail: `${c.label}: ${detail}` });
  const byTx = new Map<Hex, { events: ChainEvent[]; entries: AuditEntry[] }>();
  const slot = (tx: Hex) => byTx.get(tx) ?? byTx.set(tx, { events: [], entries: [] }).get(tx)!;
  for (const e of c.events) if (e.eventName !== "AuditEntry") slot(e.transactionHash).events.push(e);
  for (const e of c.entries) slot(e.transactionHash).entries.push(e);
  for (const [tx, { events, entries }] of byTx) {
    const wanted = expectations(events);
    const unmatched = [...entries];
    for (const w of wanted) {
      const i = unmatched.findIndex((e) => e.phase === w.phase);
      if (i < 0) {
        add(phaseName(w.phase), `event ${w.event} in transaction ${tx} has no ${phaseName(w.phase)} audit entry`);
        continue;
      }
      const entry = unmatched.splice(i, 1)[0]!;
      if (!same(entry.payloadHash, w.payloadHash))
        add(phaseName(w.phase), `entry ${entry.seq}: event ${w.event} hashes to ${w.payloadHash}, the entry commits to ${entry.payloadHash} — the event was rewritten`);
      if (w.actor && !same(entry.actor, w.actor)) add(phaseName(w.phase), `entry ${entry.seq}: acted by ${entry.actor}, the event names ${w.actor}`);
      const outbound = events.find((e) => e.eventName === "Outbound");
      const srcEntryHash = outbound && argsOf("Outbound", outbound).srcEntryHash;
      if (srcEntryHash && (w.phase === PHASES.REFUSE || w.phase === PHASES.REENCRYPT || w.phase === PHASES.REQUEST) && !same(srcEntryHash, entry.entryHash))
        add(phaseName(w.phase), `entry ${entry.seq}: its Outbound message names source entry ${srcEntryHash}, not ${entry.entryHash}`);
    }
    for (const e of unmatched) add(phaseName(e.phase), `entry ${e.seq} (${phaseName(e.phase)}) in transaction ${tx} is backed by no event — the event was removed`);
  }
  return findings;
}

/** Check every contract's events against its audit entries. */
export function checkEventEntries(view: AuditView): Finding[] {
  return Object.values(view.contracts).flatMap(checkContract);
}
