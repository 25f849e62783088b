// The auditor's view read incrementally: what an earlier run read (entries, events, calldata, stored
// hashes) is kept in a state file with a cursor per contract, and a later run reads only what is new —
// new log entries and events from each cursor, calldata of new relay submissions, stored hashes past
// the known length (and the head again). The analysis then runs on the whole view as before, so an
// incremental audit reports exactly what a full one would. If a chain's history changed under a
// cursor, that contract is read again from block 0.
import type { Hex } from "viem";
import type { ChainAdapter, ContractRef } from "../chains/adapter.ts";
import type { AuditEntry } from "../chains/audit-log.ts";
import type { MedExChainDeployment } from "../chains/deploy.ts";
import { LogFollower, START, type LogCursor } from "../chains/log-follower.ts";
import type { StateStore } from "../storage/state-file.ts";
import { AuditReadError, CALLDATA_EVENTS, decodedCall, type AuditedContract, type AuditView, type ContractView } from "./chain-view.ts";
import type { AuditChain } from "./findings.ts";

/** What the auditor keeps between runs. */
export interface AuditorState {
  version: 1;
  view?: AuditView;
  cursors: Partial<Record<AuditedContract, LogCursor>>;
}

export const initialAuditorState = (): AuditorState => ({ version: 1, cursors: {} });

const AUDIT_READ = { read: (chain: ChainAdapter, contract: ContractRef, fn: string, args: readonly unknown[] = []) => chain.read<unknown>({ contract, functionName: fn, args }) };

async function extend(label: AuditedContract, role: AuditChain, chain: ChainAdapter, contract: ContractRef, prior: ContractView | undefined, cursor: LogCursor): Promise<{ view: ContractView; cursor: LogCursor; read: number }> {
  const f = new LogFollower(chain, contract);
  let at = cursor;
  let view: ContractView = prior ?? { label, chain: role, chainId: BigInt(chain.profile.chainId), address: contract.address, entries: [], stored: { head: "0x", hashes: [] }, events: [], calls: {} };
  let read = 0;
  for (;;) {
    const r = await f.poll(at);
    if (r.rewound) view = { ...view, entries: [], stored: { head: "0x", hashes: [] }, events: [], calls: {} };
    for (const ev of r.events) {
      if (ev.eventName === "AuditEntry") {
        const a = ev.args as Omit<AuditEntry, "blockNumber" | "transactionHash">;
        view.entries.push({ seq: a.seq, phase: Number(a.phase), actor: a.actor, payloadHash: a.payloadHash, prevHash: a.prevHash, entryHash: a.entryHash, blockNumber: ev.blockNumber, transactionHash: ev.transactionHash });
      } else {
        view.events.push(ev);
        if (CALLDATA_EVENTS.includes(ev.eventName) && !view.calls[ev.transactionHash]) view.calls[ev.transactionHash] = await decodedCall(chain, contract.abi, ev.transactionHash);
      }
    }
    read += r.events.length;
    at = r.cursor;
    if (!r.more) break;
  }
  view.entries.sort((x, y) => (x.seq < y.seq ? -1 : x.seq > y.seq ? 1 : 0));
  // Stored hashes are append-only: read the head and length again, and only the hashes past what is known.
  const [head, length] = await Promise.all([AUDIT_READ.read(chain, contract, "auditHead"), AUDIT_READ.read(chain, contract, "auditLength")]);
  const known = view.stored.hashes.length;
  const more = await Promise.all(Array.from({ length: Math.max(0, Number(length as bigint) - known) }, (_, i) => AUDIT_READ.read(chain, contract, "auditEntryHash", [BigInt(known + i + 1)])));
  view.stored = { head: head as Hex, hashes: [...view.stored.hashes.slice(0, Number(length as bigint)), ...(more as Hex[])] };
  return { view, cursor: at, read };
}

/** Read the deployment's view, starting from what `store` holds; saves the extended view and cursors. Returns the view and the number of new logs read. */
export async function readAuditViewIncremental(d: MedExChainDeployment, store: StateStore<AuditorState>): Promise<{ view: AuditView; read: number }> {
  const state = store.load();
  const { a, b, relay } = d.chains;
  const parts: [AuditedContract, AuditChain, ChainAdapter, ContractRef][] = [
    ["IdentityRegistryA", "A", a, d.a.registry],
    ["PhrIndexA", "A", a, d.a.phrIndex],
    ["IdentityRegistryB", "B", b, d.b.registry],
    ["ExchangeB", "B", b, d.b.exchange],
    ["RelayLog", "relay", relay, d.relay.relayLog],
  ];
  try {
    const done = await Promise.all(parts.map(([label, role, chain, c]) => extend(label, role, chain, c, state.view?.contracts[label], state.cursors[label] ?? START)));
    const view: AuditView = {
      chains: {
        A: { name: a.profile.name, chainId: BigInt(a.profile.chainId) },
        B: { name: b.profile.name, chainId: BigInt(b.profile.chainId) },
        relay: { name: relay.profile.name, chainId: BigInt(relay.profile.chainId) },
      },
      contracts: Object.fromEntries(done.map((x, i) => [parts[i]![0], x.view])) as Record<AuditedContract, ContractView>,
    };
    store.save({ version: 1, view, cursors: Object.fromEntries(done.map((x, i) => [parts[i]![0], x.cursor])) });
    return { view, read: done.reduce((n, x) => n + x.read, 0) };
  } catch (e) {
    if (e instanceof AuditReadError) throw e;
    throw new AuditReadError(e instanceof Error ? e.message.split("\n")[0]! : String(e));
  }
}
