// What conformance needs to know of a deployment besides the messages: each agent's registration (how
// messages name it and its public keys, by spec scheme) and the deployment's constants (chain ids).
// Recorded into the trace once, at setup, so signatures can be checked against the keys the spec binds.
import { bytesToHex, concatBytes } from "@noble/hashes/utils.js";
import { hexToBytes } from "viem";
import type { Deployment } from "./setup.ts";
import { u64 } from "../reference/semantics/scalars.ts";
import type { TraceRecorder } from "../reference/trace/events.ts";

/** Record a bind event: an agent's wire identity and registered public keys by spec scheme name. */
export function recordBinding(trace: TraceRecorder, agent: string, identity: Uint8Array, keys: Readonly<Record<string, Uint8Array>>, chain?: string): void {
  trace.record({ kind: "bind", agent, identity: bytesToHex(identity), keys: Object.fromEntries(Object.entries(keys).map(([s, k]) => [s, bytesToHex(k)])), ...(chain ? { chain } : {}) });
}

/** Record every party of a deployment and its chain ids, as the roles name and sign with them. */
export function recordRegistrations(dep: Deployment): void {
  const { world, parties } = dep;
  const trace = world.trace;
  trace.record({ kind: "constant", name: "chainA", value: bytesToHex(u64(world.chains.a.profile.chainId)) });
  trace.record({ kind: "constant", name: "chainB", value: bytesToHex(u64(world.chains.b.profile.chainId)) });
  parties.patients.forEach((p, i) => {
    recordBinding(trace, dep.devices[i]!.agent, p.device.id, { blsD: p.device.publicKey }, "A");
    recordBinding(trace, dep.patients[i]!.agent, p.id, { ecdsaA: p.id, pre: p.prePublicKey }, "A");
  });
  recordBinding(trace, dep.firewall.agent, parties.firewall.id, { ecdsaA: parties.firewall.id }, "A");
  recordBinding(trace, dep.ha.agent, parties.ha.id, { ecdsaA: parties.ha.id }, "A");
  recordBinding(trace, dep.hb.agent, parties.hb.id, { ed25519B: parties.hb.id, pre: parties.hb.prePublicKey }, "B");
  // The committee is one agent: its key is the member set (checked on chain against the registered members).
  recordBinding(trace, dep.relay.agent, hexToBytes(dep.world.deployment.relay.relayLog.address), { committee: concatBytes(...parties.committee.map((m) => m.id)) }, "relay");
}
