// A relay that does not follow the protocol: it holds the committee's keys (a colluding committee,
// or a threshold of compromised members) or only some of them, and submits what it likes. The
// contracts check proofs and content; the receiving roles and the auditor catch the rest.
import { bytesToHex, hexToBytes, keccak256, stringToHex, type Hex, type LocalAccount } from "viem";
import type { TxResult } from "../../reference/chains/adapter.ts";
import { committeeProof, messageFromOutbound, reEncryptionProof, type ReEncryptionClaim, type RelayMessage } from "../../reference/chains/relay-proof.ts";
import { recomputeReEncryption } from "../../reference/committee/reencryption-check.ts";
import type { Deployment } from "../../scenario/setup.ts";
import type { RelayNotice } from "../../reference/roles/notice.ts";
import { MedExChainError } from "../../protocol/errors.ts";
import { PhrIndexAAbi } from "../../reference/contracts/build/abi.ts";
import { eventArgs } from "../../reference/chains/typed-events.ts";

/** The attacker asked for an event the chains do not hold. */
export class RogueRelayError extends MedExChainError {
  constructor(detail: string) {
    super("E_ROGUE_RELAY", `rogue relay: ${detail}`, "run the honest steps the scenario depends on first");
  }
}

/** The committee's accounts (all of them: a colluding committee). */
export function committee(dep: Deployment): LocalAccount[] {
  return dep.parties.committee.map((m) => m.account);
}

/** The account that submits the relay's transactions. */
export function submitter(dep: Deployment): LocalAccount {
  return dep.parties.committee[0]!.account;
}

/** A full-committee proof over `m`. */
export function proveAll(dep: Deployment, m: RelayMessage): Promise<Hex> {
  return committeeProof(committee(dep).slice(0, dep.parties.threshold), m);
}

/** The relay message of the Outbound event a transaction on chain A or B emitted. */
export async function outboundMessage(dep: Deployment, chain: "A" | "B", txHash: Hex): Promise<RelayMessage> {
  const c = chain === "A" ? dep.world.chains.a : dep.world.chains.b;
  const contract = chain === "A" ? dep.world.deployment.a.phrIndex : dep.world.deployment.b.exchange;
  const ev = (await c.events({ contract, eventName: "Outbound" })).find((e) => e.transactionHash === txHash);
  if (!ev) throw new RogueRelayError(`transaction ${txHash} on chain ${chain} emitted no Outbound message`);
  return messageFromOutbound(c, ev);
}

/** Record `m` on the relay chain with `proof`. */
export function recordOnRelay(dep: Deployment, m: RelayMessage, proof: Hex): Promise<TxResult> {
  return dep.world.deployment.relay.relayLog.send(submitter(dep), "record", [m, proof]);
}

/** Submit `m` to chain A (acceptRequest). */
export function submitToA(dep: Deployment, m: RelayMessage, proof: Hex, from: LocalAccount = submitter(dep)): Promise<TxResult> {
  return dep.world.deployment.a.phrIndex.send(from, "acceptRequest", [m, proof]);
}

/** Submit `m` to chain B (deliver). */
export function submitToB(dep: Deployment, m: RelayMessage, proof: Hex, from: LocalAccount = submitter(dep)): Promise<TxResult> {
  return dep.world.deployment.b.exchange.send(from, "deliver", [m, proof]);
}

/** A source entry hash no chain ever produced (for messages a colluding committee invents). */
export function inventedEntry(label: string): Hex {
  return keccak256(stringToHex(`MedExChain/attacks/invented/${label}`));
}

/**
 * Sign a re-encryption claim for `requestId` with `signers` as it stands, unchecked (a colluding
 * threshold of members, or fewer): the grant's key and anchored ciphertext are read from chain A.
 */
export async function proveReEncryption(dep: Deployment, requestId: Hex, reCiphertext: Hex, signers: readonly LocalAccount[] = committee(dep).slice(0, dep.parties.threshold)): Promise<Hex> {
  const d = dep.world.deployment;
  const [granted] = await dep.world.chains.a.events({ contract: d.a.phrIndex, eventName: "Granted", args: { requestId } });
  const q = (await d.a.phrIndex.read("getRequest", [requestId])) as { recordId: Hex };
  const [anchored] = await dep.world.chains.a.events({ contract: d.a.phrIndex, eventName: "RecordAnchored", args: { recordId: q.recordId } });
  const claim: ReEncryptionClaim = {
    chainId: BigInt(dep.world.chains.a.profile.chainId),
    phrIndex: d.a.phrIndex.address,
    requestId,
    reKey: granted ? eventArgs(PhrIndexAAbi, "Granted", granted).reKey : "0x",
    ciphertext: anchored ? eventArgs(PhrIndexAAbi, "RecordAnchored", anchored).preCiphertext : "0x",
    reCiphertext,
  };
  return reEncryptionProof(signers, claim);
}

/**
 * Re-encrypt a granted request as the relay does, pass the ciphertext through `alter`, and log it
 * on chain A (markReEncrypted) under `signers`' signatures (by default a colluding threshold);
 * returns the Outbound delivery message chain A built.
 */
export async function reEncrypt(
  dep: Deployment,
  requestId: Hex,
  alter: (d2: Uint8Array) => Uint8Array = (x) => x,
  signers?: readonly LocalAccount[],
): Promise<{ message: RelayMessage; reCiphertext: Uint8Array; tx: TxResult }> {
  const d = dep.world.deployment;
  const [granted] = await d.a.phrIndex.eventsOf("Granted", { args: { requestId } });
  if (!granted) throw new RogueRelayError(`request ${requestId} has no grant on chain A`);
  const g = granted.args;
  const [anchored] = await d.a.phrIndex.eventsOf("RecordAnchored", { args: { recordId: g.recordId } });
  if (!anchored) throw new RogueRelayError(`record ${g.recordId} is not anchored`);
  const d2 = alter(recomputeReEncryption(hexToBytes(g.reKey), hexToBytes(anchored.args.preCiphertext as Hex)));
  const proof = await proveReEncryption(dep, requestId, bytesToHex(d2), signers);
  const tx = await d.a.phrIndex.send(submitter(dep), "markReEncrypted", [requestId, bytesToHex(d2), g.patientSig, proof]);
  return { message: await outboundMessage(dep, "A", tx.hash), reCiphertext: d2, tx };
}

/** Record `m` on the relay chain and deliver it to chain B under a full-committee proof; returns the notice HB reads. */
export async function deliverAsCommittee(dep: Deployment, requestId: Hex, m: RelayMessage): Promise<RelayNotice> {
  const proof = await proveAll(dep, m);
  await recordOnRelay(dep, m, proof);
  const tx = await submitToB(dep, m, proof);
  return { requestId, txHash: tx.hash, proof: hexToBytes(proof), gasUsed: tx.gasUsed };
}
