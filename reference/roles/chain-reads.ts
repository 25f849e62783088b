// What roles read from the chains to check a message: registrations, clocks, events by id.
import { bytesToHex, hexToBytes, type Address, type Hex } from "viem";
import type { ChainEvent } from "../chains/adapter.ts";
import type { Message } from "../../protocol/language.ts";
import { encodeMessage } from "../wire/codec.ts";
import { ProtocolViolation } from "../semantics/violations.ts";
import type { World } from "./world.ts";

import { ROLE_CODES, type RoleName } from "../contracts/codes.ts";

// Registrations are write-once: the registries revert on a second registration of an account, a
// device or a key, and have no update or revocation. A registration once read is therefore cached
// for the deployment (a long-running service reads each party's once, not once per share); an
// absent one is never cached, since it may be registered later. Immutable contract parameters
// (the freshness window) are cached the same way.
const immutableReads = new WeakMap<object, Map<string, unknown>>();

async function once<T>(scope: object, key: string, read: () => Promise<T>, keep: (v: T) => boolean = () => true): Promise<T> {
  let m = immutableReads.get(scope);
  if (!m) immutableReads.set(scope, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  const v = await read();
  if (keep(v)) m.set(key, v);
  return v;
}

/** Typed reads of the two identity registries. */
export function registry(world: World) {
  const a = world.deployment.a.registry;
  const b = world.deployment.b.registry;
  return {
    /** A device's owner and BLS key, from chain A (throws when unregistered). */
    async device(id: Uint8Array): Promise<{ owner: string; sigKey: Uint8Array }> {
      const d = await once(a, `device:${bytesToHex(id)}`, () => a.read("deviceOf", [bytesToHex(id)]), (x) => !/^0x0{40}$/i.test(x.owner));
      if (/^0x0{40}$/i.test(d.owner)) throw new ProtocolViolation("E_NOT_REGISTERED", `device ${bytesToHex(id)} is not registered on chain A`);
      return { owner: d.owner, sigKey: hexToBytes(d.sigKey) };
    },
    /** A chain-A party's role code and keys (role 0 when unregistered). */
    async party(address: string): Promise<{ role: number; preKey: Uint8Array; sigKey: Uint8Array }> {
      const p = await once(a, `party:${address.toLowerCase()}`, () => a.read("partyOf", [address as Address]), (x) => Number(x.role) !== 0);
      return { role: Number(p.role), preKey: hexToBytes(p.preKey), sigKey: hexToBytes(p.sigKey) };
    },
    /** The chain-B account registered for an Ed25519 key (throws when none). */
    async hospitalB(ed25519Key: Uint8Array): Promise<{ account: Address; preKey: Uint8Array }> {
      const account = (await once(b, `key:${bytesToHex(ed25519Key)}`, () => b.read("accountOfKey", [bytesToHex(ed25519Key)]), (x) => !/^0x0{40}$/i.test(x as string))) as Address;
      if (/^0x0{40}$/i.test(account)) throw new ProtocolViolation("E_NOT_REGISTERED", `no hospital with Ed25519 key ${bytesToHex(ed25519Key)} is registered on chain B`);
      const h = await once(b, `hospital:${account.toLowerCase()}`, () => b.read("hospitalOf", [account]));
      return { account, preKey: hexToBytes(h.preKey) };
    },
  };
}

/** Require a chain-A party to hold a role. */
export async function requireRole(world: World, address: string, role: RoleName): Promise<void> {
  const p = await registry(world).party(address);
  if (p.role !== ROLE_CODES[role]) throw new ProtocolViolation("E_NOT_REGISTERED", `${address} is not a registered ${role} on chain A`);
}

/** Throw unless `ts` (seconds) is within the freshness window of the chain's clock; returns that clock and window. */
export async function checkFreshTimestamp(world: World, chain: "A" | "B", ts: bigint): Promise<{ now: bigint; window: bigint }> {
  const c = chain === "A" ? world.chains.a : world.chains.b;
  const contract = chain === "A" ? world.deployment.a.phrIndex : world.deployment.b.exchange;
  const [now, window] = await Promise.all([c.now(), once(contract, "freshnessWindow", () => c.read<bigint>({ contract, functionName: "freshnessWindow" }))]);
  // A little slack for the future: the chains' clocks and the sender's are not the same clock.
  if (ts + BigInt(window) < now) throw new ProtocolViolation("E_STALE", `timestamp ${ts} is older than the ${window}s window (chain ${chain} time ${now})`);
  if (ts > now + 300n) throw new ProtocolViolation("E_FUTURE", `timestamp ${ts} is in the future of chain ${chain} (${now})`);
  return { now, window: BigInt(window) };
}

/** The single event `name` of a transaction (throws naming the transaction when absent). */
export function eventOf(events: readonly ChainEvent[], name: string, tx: string): ChainEvent {
  const e = events.find((x) => x.eventName === name);
  if (!e) throw new ProtocolViolation("E_MISSING_EVENT", `transaction ${tx} emitted no ${name} event`);
  return e;
}

/** Encode a spec message from field values read off a chain (hex); the receiver's decode checks sizes. */
export function encodeFromChain(m: Message, hex: Record<string, Hex>): Uint8Array {
  return encodeMessage(m, Object.fromEntries(Object.entries(hex).map(([k, v]) => [k, hexToBytes(v)])));
}

/** Throw unless an event came from the expected contract. */
export function sameContract(ev: ChainEvent, address: string, what: string): void {
  if (ev.address.toLowerCase() !== address.toLowerCase()) throw new ProtocolViolation("E_WRONG_CHAIN", `the event comes from ${ev.address}, not from ${what} (${address})`);
}
