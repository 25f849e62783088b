// Third pass of the audit: each share followed across the three chains — request on B ↔ relay record
// ↔ acceptance on A ↔ grant or refusal ↔ re-encryption ↔ relay record ↔ delivery on B ↔
// acknowledgement — linked by request id, payload hashes and the relay log's source entries, with
// every signature, committee proof and re-encryption re-checked. Each mismatch names the party
// that could have caused it.
import { keccak256, type Abi, type Address, type ContractEventName, type Hex } from "viem";
import type { ChainEvent } from "../chains/adapter.ts";
import { PHASES, type AuditEntry } from "../chains/audit-log.ts";
import { decodeDeliveryMessage, decodeRequestMessage, OUTCOME, type DeliveryMessage, type RequestMessage } from "../chains/messages.ts";
import { reEncryptionDigest, relayDigest, verifyProof, type RelayMessage } from "../chains/relay-proof.ts";
import { recomputeReEncryption } from "../committee/reencryption-check.ts";
import type { AuditView, ContractView } from "./chain-view.ts";
import type { AuditChain, Finding, FindingKind, Party } from "./findings.ts";
import { ackSignatureValid, anchorSigner, expectedAckHash, grantSigner, requestSignatureValid, type ChainIds } from "./signatures.ts";
import { refusalSigner } from "../semantics/refusal.ts";
import { ROLE_CODES } from "../contracts/codes.ts";
import { ExchangeBAbi, IdentityRegistryAAbi, IdentityRegistryBAbi, PhrIndexAAbi, RelayLogAbi } from "../contracts/build/abi.ts";
import { eventArgs, type EventArgs } from "../chains/typed-events.ts";
import { share } from "../../protocol/specs/medexchain.ts";

/** Where one share got to, step by step. */
export interface ShareTrail {
  requestId: Hex;
  recordId?: Hex;
  requester?: Address;
  /** The last step reached: filed, carried, pending, granted, refused, re-encrypted, delivered, refusal-delivered, acknowledged. */
  status: string;
  /** Each logged step: its phase, chain and entry number on its contract's log. */
  steps: { phase: string; chain: AuditChain; seq: string }[];
}

/** An event with the audit entry its transaction appended (undefined if the view has none). */
interface Step<T> {
  args: T;
  event: ChainEvent;
  entry?: AuditEntry;
}

const same = (x: string | undefined, y: string | undefined) => x !== undefined && y !== undefined && x.toLowerCase() === y.toLowerCase();
const hex = (b: Uint8Array): Hex => `0x${Buffer.from(b).toString("hex")}`;

function steps<TAbi extends Abi, E extends ContractEventName<TAbi>>(c: ContractView, abi: TAbi, name: E, phase?: number): Step<EventArgs<TAbi, E>>[] {
  return c.events
    .filter((e) => e.eventName === name)
    .map((event) => ({ args: eventArgs(abi, name, event, c.label), event, entry: c.entries.find((x) => x.transactionHash === event.transactionHash && (phase === undefined || x.phase === phase)) }));
}

function outboundIn(c: ContractView, tx: Hex): Hex | undefined {
  const ev = c.events.find((e) => e.eventName === "Outbound" && e.transactionHash === tx);
  return ev && eventArgs(PhrIndexAAbi, "Outbound", ev, c.label).payload;
}

function tryDecode<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** The committee a contract had registered when an event was emitted (its latest CommitteeSet before it). */
function committeeAt(c: ContractView, at: ChainEvent): { members: Address[]; threshold: number } | undefined {
  const sets = c.events.filter((e) => e.eventName === "CommitteeSet" && (e.blockNumber < at.blockNumber || (e.blockNumber === at.blockNumber && e.logIndex < at.logIndex)));
  const last = sets[sets.length - 1];
  if (!last) return undefined;
  const a = eventArgs(PhrIndexAAbi, "CommitteeSet", last, c.label);
  return { members: [...a.members], threshold: Number(a.threshold) };
}

/** Follow every share in the view; returns the findings and each share's trail. */
export async function matchShares(view: AuditView): Promise<{ findings: Finding[]; shares: ShareTrail[] }> {
  const A = view.contracts.PhrIndexA;
  const B = view.contracts.ExchangeB;
  const L = view.contracts.RelayLog;
  const ids: ChainIds = { a: view.chains.A.chainId, b: view.chains.B.chainId, relay: L.address };
  const findings: Finding[] = [];
  const flag = (kind: FindingKind, phase: keyof typeof PHASES, chain: AuditChain, party: Party, detail: string, members?: readonly string[]) =>
    findings.push({ kind, phase, chain, party, detail, ...(members ? { members } : {}) });

  const anchored = new Map(steps(A, PhrIndexAAbi, "RecordAnchored", PHASES.ANCHOR).map((s) => [s.args.recordId.toLowerCase(), s]));
  const filed = steps(B, ExchangeBAbi, "RequestFiled", PHASES.REQUEST);
  const accepted = steps(A, PhrIndexAAbi, "RequestAccepted", PHASES.REQUEST_ACCEPTED);
  const granted = steps(A, PhrIndexAAbi, "Granted", PHASES.GRANT);
  const refused = steps(A, PhrIndexAAbi, "Refused", PHASES.REFUSE);
  const reEncrypted = steps(A, PhrIndexAAbi, "ReEncrypted", PHASES.REENCRYPT);
  const delivered = steps(B, ExchangeBAbi, "Delivered", PHASES.DELIVER);
  const acked = steps(B, ExchangeBAbi, "Acknowledged", PHASES.ACK);
  const carried = steps(L, RelayLogAbi, "Carried", PHASES.RELAY);
  const hospitalsB = new Map(
    view.contracts.IdentityRegistryB.events
      .filter((e) => e.eventName === "HospitalRegistered")
      .map((e) => eventArgs(IdentityRegistryBAbi, "HospitalRegistered", e, view.contracts.IdentityRegistryB.label))
      .map((a) => [a.account.toLowerCase(), a]),
  );
  const rolesA = new Map(
    view.contracts.IdentityRegistryA.events
      .filter((e) => e.eventName === "PartyRegistered")
      .map((e) => eventArgs(IdentityRegistryAAbi, "PartyRegistered", e, view.contracts.IdentityRegistryA.label))
      .map((a) => [a.account.toLowerCase(), Number(a.role)]),
  );

  // Records: anchored by a registered hospital that signed them (an1.sig_HA), for a registered patient.
  for (const s of anchored.values()) {
    const r = s.args;
    if (rolesA.get(r.hospital.toLowerCase()) !== ROLE_CODES.hospital) flag("unregistered", "ANCHOR", "A", "HA", `record ${r.recordId} was anchored by ${r.hospital}, not a registered hospital`);
    if (rolesA.get(r.owner.toLowerCase()) !== ROLE_CODES.patient) flag("unregistered", "ANCHOR", "A", "HA", `record ${r.recordId} names owner ${r.owner}, not a registered patient`);
    if (!same(anchorSigner(ids, r), r.hospital)) flag("bad-signature", "ANCHOR", "A", "HA", `record ${r.recordId}: the anchoring signature is not by its hospital ${r.hospital}`);
  }

  // Relay records: each source step once, from a step that exists, with a proof of the relay chain's committee.
  const sourceEntries = new Map<string, { chain: AuditChain; entry: AuditEntry }>();
  for (const e of B.entries) if (e.phase === PHASES.REQUEST) sourceEntries.set(`${ids.b}/${B.address.toLowerCase()}/${e.entryHash.toLowerCase()}`, { chain: "B", entry: e });
  for (const e of A.entries) if (e.phase === PHASES.REENCRYPT || e.phase === PHASES.REFUSE) sourceEntries.set(`${ids.a}/${A.address.toLowerCase()}/${e.entryHash.toLowerCase()}`, { chain: "A", entry: e });
  const srcKey = (chainId: bigint, contract: string, entry: string) => `${chainId}/${contract.toLowerCase()}/${entry.toLowerCase()}`;
  const carriedBySource = new Map<string, Step<EventArgs<typeof RelayLogAbi, "Carried">>[]>();
  for (const c of carried) {
    const k = srcKey(c.args.srcChainId, c.args.srcContract, c.args.srcEntryHash);
    carriedBySource.set(k, [...(carriedBySource.get(k) ?? []), c]);
    const src = sourceEntries.get(k);
    const phase = c.args.srcChainId === ids.b ? "REQUEST" : "DELIVER";
    if (!src) {
      flag("forged", "RELAY", "relay", "R", `relay entry ${c.entry?.seq ?? "?"} carries source entry ${c.args.srcEntryHash} of chain ${c.args.srcChainId}, which no ${phase === "REQUEST" ? "request on chain B" : "re-encryption or refusal on chain A"} produced`);
      continue;
    }
    if (!same(c.args.payloadHash, src.entry.payloadHash)) flag("forged", "RELAY", "relay", "R", `relay entry ${c.entry?.seq ?? "?"} carries payload ${c.args.payloadHash}, but source entry ${src.entry.seq} on chain ${src.chain} committed to ${src.entry.payloadHash}`);
    const call = L.calls[c.event.transactionHash];
    await checkCall(call, c.args.digest, committeeAt(L, c.event), "RELAY", "relay", `relay entry ${c.entry?.seq ?? "?"}`);
  }
  for (const [k, list] of carriedBySource) if (list.length > 1) flag("replay", "RELAY", "relay", "R", `source step ${k} was recorded ${list.length} times on the relay chain`);

  /** The relay submission behind an event: its message must hash to the event's digest under a valid committee proof. */
  async function checkCall(call: { args: readonly unknown[] } | undefined, digest: Hex, committee: { members: Address[]; threshold: number } | undefined, phase: keyof typeof PHASES, chain: AuditChain, what: string): Promise<RelayMessage | undefined> {
    if (!call) {
      flag("unreadable", phase, chain, "R", `${what}: the submitting transaction's calldata is not available, so its committee proof cannot be checked`);
      return undefined;
    }
    const [m, proof] = call.args as [RelayMessage, Hex];
    if (!same(relayDigest(m), digest)) flag("forged", phase, chain, "R", `${what}: the submitted message hashes to ${relayDigest(m)}, the event records digest ${digest}`);
    if (!committee) {
      flag("bad-proof", phase, chain, "R", `${what}: no committee was registered when the message was accepted`);
      return m;
    }
    try {
      await verifyProof(relayDigest(m), proof, committee.members, committee.threshold);
    } catch (e) {
      flag("bad-proof", phase, chain, "R", `${what}: ${e instanceof Error ? e.message.split(";")[0] : String(e)}`);
    }
    return m;
  }

  /** markReEncrypted's committee proof, re-checked from its calldata: t distinct members over this request's key, ciphertext and result. */
  async function checkReEncryptionProof(re: Step<EventArgs<typeof PhrIndexAAbi, "ReEncrypted">>, g: Step<EventArgs<typeof PhrIndexAAbi, "Granted">>, record: Step<EventArgs<typeof PhrIndexAAbi, "RecordAnchored">>, signers: readonly Address[]): Promise<void> {
    const what = `re-encryption of request ${re.args.requestId}`;
    const call = A.calls[re.event.transactionHash];
    if (!call) {
      flag("unreadable", "REENCRYPT", "A", "R", `${what}: the submitting transaction's calldata is not available, so its committee proof cannot be checked`);
      return;
    }
    const proof = call.args[3] as Hex | undefined;
    const committee = committeeAt(A, re.event);
    if (!proof || !committee) {
      flag("bad-proof", "REENCRYPT", "A", "R", `${what}: ${proof ? "no committee was registered" : "no committee proof was submitted"}`, signers);
      return;
    }
    const digest = reEncryptionDigest({ chainId: ids.a, phrIndex: A.address, requestId: re.args.requestId, reKey: g.args.reKey, ciphertext: record.args.preCiphertext, reCiphertext: re.args.reCiphertext });
    try {
      const recovered = await verifyProof(digest, proof, committee.members, committee.threshold);
      // The event lists signers in member order, the proof in address order: compare as sets.
      const sorted = (xs: readonly string[]) => xs.map((x) => x.toLowerCase()).sort().join();
      if (sorted(recovered) !== sorted(signers)) flag("altered", "REENCRYPT", "A", "chain-A", `${what}: the event names signers ${signers.join(", ")}, the proof recovers ${recovered.join(", ")}`);
    } catch (e) {
      flag("bad-proof", "REENCRYPT", "A", "R", `${what}: ${e instanceof Error ? e.message.split(";")[0] : String(e)}`, signers);
    }
  }

  /** The relay record of a source step, or a finding that the message travelled unrecorded. */
  function relayRecordOf(chainId: bigint, contract: string, entry: AuditEntry | undefined, phase: keyof typeof PHASES, chain: AuditChain, what: string): Step<EventArgs<typeof RelayLogAbi, "Carried">> | undefined {
    if (!entry) return undefined;
    const rec = carriedBySource.get(srcKey(chainId, contract, entry.entryHash))?.[0];
    if (!rec) flag("unrecorded-relay", phase, chain, "R", `${what} reached chain ${chain} without a record on the relay chain`);
    return rec;
  }

  // Nonce replays: a (key, nonce) pair names one request only.
  const nonces = new Map<string, number>();
  for (const f of filed) {
    const r = tryDecode(() => decodeRequestMessage(outboundIn(B, f.event.transactionHash) ?? "0x"));
    if (!r) continue;
    const k = `${r.requesterKey.toLowerCase()}/${r.nonce.toLowerCase()}`;
    nonces.set(k, (nonces.get(k) ?? 0) + 1);
    if (nonces.get(k) === 2) flag("replay", "REQUEST", "B", "HB", `hospital key ${r.requesterKey} used nonce ${r.nonce} for more than one request`);
  }

  const requestIds = new Set<string>([...filed, ...accepted, ...granted, ...refused, ...reEncrypted, ...delivered, ...acked].map((s) => s.args.requestId.toLowerCase()));
  const shares: ShareTrail[] = [];
  for (const id of requestIds) {
    const of = <T extends { requestId: Hex }>(list: Step<T>[]) => list.filter((s) => s.args.requestId.toLowerCase() === id);
    const trail: ShareTrail = { requestId: id as Hex, status: "unknown", steps: [] };
    shares.push(trail);
    const log = (phase: string, chain: AuditChain, entry?: AuditEntry) => entry && trail.steps.push({ phase, chain, seq: String(entry.seq) });
    const once = <T>(list: Step<T>[], phase: keyof typeof PHASES, chain: AuditChain, party: Party): Step<T> | undefined => {
      if (list.length > 1) flag("replay", phase, chain, party, `request ${id}: ${list.length} ${phase} steps`);
      return list[0];
    };

    // 1. The request on chain B.
    const f = once(of(filed), "REQUEST", "B", "HB");
    let req: RequestMessage | undefined;
    if (f) {
      log("REQUEST", "B", f.entry);
      trail.status = "filed";
      trail.recordId = f.args.recordId;
      trail.requester = f.args.requester;
      req = tryDecode(() => decodeRequestMessage(outboundIn(B, f.event.transactionHash) ?? "0x"));
      if (!req) flag("altered", "REQUEST", "B", "chain-B", `request ${id}: its outbound payload is not a RequestMessage`);
      else {
        const a = f.args;
        if (!same(req.recordId, a.recordId) || !same(req.patient, a.patient) || !same(req.nonce, a.nonce) || req.timestamp !== a.timestamp || !same(req.requester, a.requester) || !same(req.requesterSig, a.ed25519Sig))
          flag("altered", "REQUEST", "B", "chain-B", `request ${id}: the outbound message differs from the RequestFiled event`);
        const h = hospitalsB.get(req.requester.toLowerCase());
        if (!h) flag("unregistered", "REQUEST", "B", "HB", `request ${id} was filed by ${req.requester}, not a registered hospital on chain B`);
        else if (!same(h.ed25519Key, req.requesterKey) || !same(h.preKey, req.requesterPreKey)) flag("altered", "REQUEST", "B", "chain-B", `request ${id}: the requester keys differ from chain B's registry`);
        if (!requestSignatureValid(ids, req)) flag("bad-signature", "REQUEST", "B", "HB", `request ${id}: HB's Ed25519 signature does not verify under key ${req.requesterKey}`);
      }
    }
    const record = anchored.get((req?.recordId ?? of(accepted)[0]?.args.recordId ?? "").toLowerCase());
    const invalidRequest = req !== undefined && (!record || !same(record.args.owner, req.patient));
    if (req && invalidRequest) flag("invalid-request", "REQUEST", "B", "HB", `request ${id} names record ${req.recordId} of ${req.patient}, which chain A does not hold for that patient`);

    // 2. Carried to chain A and accepted there.
    const acc = once(of(accepted), "REQUEST_ACCEPTED", "A", "R");
    if (acc) {
      if (f) log("RELAY", "relay", relayRecordOf(ids.b, B.address, f.entry, "REQUEST_ACCEPTED", "A", `request ${id}`)?.entry);
      log("REQUEST_ACCEPTED", "A", acc.entry);
      trail.status = "carried";
      trail.recordId ??= acc.args.recordId;
      if (!f) flag("forged", "REQUEST_ACCEPTED", "A", "R", `chain A accepted request ${id}, which chain B never filed`);
      else if (!same(keccak256(acc.args.request), f.entry?.payloadHash)) flag("forged", "REQUEST_ACCEPTED", "A", "R", `request ${id}: chain A accepted a payload other than the one chain B filed`);
      const m = await checkCall(A.calls[acc.event.transactionHash], acc.args.digest, committeeAt(A, acc.event), "REQUEST_ACCEPTED", "A", `acceptance of request ${id}`);
      if (m && f?.entry && !same(m.srcEntryHash, f.entry.entryHash)) flag("forged", "REQUEST_ACCEPTED", "A", "R", `request ${id}: the accepted message names source entry ${m.srcEntryHash}, not chain B's request entry ${f.entry.entryHash}`);
      if (record && !same(record.args.owner, acc.args.patient)) flag("altered", "REQUEST_ACCEPTED", "A", "chain-A", `request ${id}: accepted for patient ${acc.args.patient}, the record's owner is ${record.args.owner}`);
    } else if (f && !invalidRequest) {
      flag("gap", "REQUEST_ACCEPTED", "A", "R", `request ${id} filed on chain B (entry ${f.entry?.seq ?? "?"}) was never carried to chain A`);
    }

    // 3. The patient's decision on chain A.
    const g = once(of(granted), "GRANT", "A", "P");
    const rf = once(of(refused), "REFUSE", "A", "P");
    if (g && rf) flag("replay", "GRANT", "A", "P", `request ${id} was both granted and refused`);
    const decision = g ?? rf;
    if (decision) {
      if (!acc) flag("out-of-order", g ? "GRANT" : "REFUSE", "A", "chain-A", `request ${id} was decided on chain A without being accepted there`);
      else if (decision.entry && acc.entry && decision.entry.seq < acc.entry.seq) flag("out-of-order", g ? "GRANT" : "REFUSE", "A", "chain-A", `request ${id}: the decision (entry ${decision.entry.seq}) precedes the acceptance (entry ${acc.entry.seq})`);
      if (record && !same(decision.args.patient, record.args.owner)) flag("altered", g ? "GRANT" : "REFUSE", "A", "chain-A", `request ${id}: decided by ${decision.args.patient}, the record's owner is ${record.args.owner}`);
    }
    if (g) {
      log("GRANT", "A", g.entry);
      trail.status = "granted";
      if (req) {
        const signer = record
          ? grantSigner(ids, { patient: g.args.patient, requesterKey: req.requesterKey, recordId: req.recordId, nonce: req.nonce, reKey: g.args.reKey, patientSig: g.args.patientSig, hospital: record.args.hospital, device: record.args.device, timestamp: record.args.timestamp, cid: record.args.cid, blobHash: record.args.blobHash, preCiphertext: record.args.preCiphertext, evidence: record.args.evidence })
          : undefined;
        if (!same(signer, g.args.patient)) flag("bad-signature", "GRANT", "A", "P", `request ${id}: the grant's signature is not the patient's over (P, HB, HA, rec, nB, cid, h, H(C'), HA's anchoring, hash(rk)) of this request and record`);
      }
    }
    if (rf) {
      log("REFUSE", "A", rf.entry);
      trail.status = "refused";
      if (req && !same(refusalSigner(share, { requesterKey: req.requesterKey, recordId: req.recordId, nonce: req.nonce, patientSig: rf.args.patientSig }), rf.args.patient))
        flag("bad-signature", "REFUSE", "A", "P", `request ${id}: the refusal's signature is not the patient's over this request`);
    }

    // 4. Re-encryption on chain A (only after a grant), checked against the anchored ciphertext and
    // charged to the members whose signatures let it through.
    const re = once(of(reEncrypted), "REENCRYPT", "A", "R");
    let badReEncryption = false;
    let answer: { entry?: AuditEntry; payload?: Hex; phase: "REENCRYPT" | "REFUSE" } | undefined;
    if (re) {
      log("REENCRYPT", "A", re.entry);
      trail.status = "re-encrypted";
      answer = { entry: re.entry, payload: outboundIn(A, re.event.transactionHash), phase: "REENCRYPT" };
      const signers = re.args.signers ?? [];
      const by = `members ${signers.join(", ") || "(none named)"}`;
      if (!g) flag("delivery-without-grant", "REENCRYPT", "A", "R", `request ${id} was re-encrypted without a grant, signed by ${by}`, signers);
      else if (re.entry && g.entry && re.entry.seq < g.entry.seq) flag("out-of-order", "REENCRYPT", "A", "chain-A", `request ${id}: re-encrypted (entry ${re.entry.seq}) before the grant (entry ${g.entry.seq})`);
      if (g && record) {
        const expected = tryDecode(() => hex(recomputeReEncryption(Buffer.from(g.args.reKey.slice(2), "hex"), Buffer.from(record.args.preCiphertext.slice(2), "hex"))));
        if (!expected || !same(expected, re.args.reCiphertext)) {
          badReEncryption = true;
          flag("bad-reencryption", "REENCRYPT", "A", "R", `request ${id}: ${by} signed a ciphertext that is not the re-encryption of record ${record.args.recordId} under the granted key`, signers);
        }
        await checkReEncryptionProof(re, g, record, signers);
      }
    } else if (g) {
      flag("gap", "REENCRYPT", "A", "R", `request ${id} was granted (entry ${g.entry?.seq ?? "?"}) but never re-encrypted`);
    }
    if (rf) answer = { entry: rf.entry, payload: outboundIn(A, rf.event.transactionHash), phase: "REFUSE" };
    let answerMsg: DeliveryMessage | undefined;
    if (answer) {
      answerMsg = tryDecode(() => decodeDeliveryMessage(answer!.payload ?? "0x"));
      if (!answerMsg) flag("altered", answer.phase, "A", "chain-A", `request ${id}: the outbound answer is not a DeliveryMessage`);
      else {
        const d = answerMsg;
        const wrong: string[] = [];
        if (!same(d.requestId, id)) wrong.push("request id");
        if (req && (!same(d.recordId, req.recordId) || !same(d.patient, req.patient) || !same(d.nonce, req.nonce))) wrong.push("record, patient or nonce");
        if (record && (!same(d.cid, record.args.cid) || !same(d.blobHash, record.args.blobHash))) wrong.push("CID or blob hash");
        if (answer.phase === "REENCRYPT") {
          if (d.outcome !== OUTCOME.granted || (re && !same(d.reCiphertext, re.args.reCiphertext))) wrong.push("outcome or ciphertext");
          if (g && (!same(d.reKeyHash, keccak256(g.args.reKey)) || !same(d.patientSig, g.args.patientSig))) wrong.push("grant evidence");
        } else if (d.outcome !== OUTCOME.refused || (rf && !same(d.patientSig, rf.args.patientSig))) wrong.push("refusal evidence");
        if (wrong.length) flag("altered", answer.phase, "A", "chain-A", `request ${id}: the answer sent to chain B differs from chain A's state (${wrong.join(", ")})`);
      }
    }

    // 5. Carried to chain B and delivered there.
    const dl = of(delivered);
    const dv = once(dl, "DELIVER", "B", "R");
    if (dv) {
      log("DELIVER", "B", dv.entry);
      trail.status = dv.args.outcome === OUTCOME.refused ? "refusal-delivered" : "delivered";
      const m = await checkCall(B.calls[dv.event.transactionHash], dv.args.digest, committeeAt(B, dv.event), "DELIVER", "B", `delivery for request ${id}`);
      if (!answer?.entry || !same(keccak256(dv.args.delivery), answer.entry.payloadHash)) {
        flag("delivery-without-grant", "DELIVER", "B", "R", `chain B accepted a delivery for request ${id} that no grant or refusal on chain A produced`);
      } else {
        if (m && !same(m.srcEntryHash, answer.entry.entryHash)) flag("forged", "DELIVER", "B", "R", `delivery for request ${id} names source entry ${m.srcEntryHash}, not chain A's ${answer.phase} entry`);
        const rec = relayRecordOf(ids.a, A.address, answer.entry, "DELIVER", "B", `the delivery for request ${id}`);
        if (rec?.entry) trail.steps.splice(trail.steps.length - 1, 0, { phase: "RELAY", chain: "relay", seq: String(rec.entry.seq) });
      }
      if (f?.entry && dv.entry && dv.entry.seq < f.entry.seq) flag("out-of-order", "DELIVER", "B", "chain-B", `request ${id}: delivered (entry ${dv.entry.seq}) before it was filed (entry ${f.entry.seq})`);
    } else if (answer?.entry) {
      flag("gap", "DELIVER", "B", "R", `request ${id}: chain A's ${answer.phase === "REENCRYPT" ? "re-encryption" : "refusal"} (entry ${answer.entry.seq}) was never delivered to chain B`);
    }
    if (!dv && (g || rf) && !acc) trail.status = "inconsistent";

    // 6. HB's acknowledgement on chain B.
    const ak = once(of(acked), "ACK", "B", "HB");
    if (ak) {
      log("ACK", "B", ak.entry);
      if (!dv || dv.args.outcome !== OUTCOME.granted) flag("out-of-order", "ACK", "B", "HB", `request ${id} was acknowledged without a delivered re-encryption`);
      else if (ak.entry && dv.entry && ak.entry.seq < dv.entry.seq) flag("out-of-order", "ACK", "B", "chain-B", `request ${id}: acknowledged (entry ${ak.entry.seq}) before delivery (entry ${dv.entry.seq})`);
      else trail.status = "acknowledged";
      if (req && !ackSignatureValid(ids, { requesterKey: req.requesterKey, recordId: req.recordId, nonce: req.nonce, ackHash: ak.args.ackHash, sig: ak.args.ed25519Sig }))
        flag("bad-signature", "ACK", "B", "HB", `request ${id}: the acknowledgement's Ed25519 signature does not verify under HB's key`);
      const d = dv ? tryDecode(() => decodeDeliveryMessage(dv.args.delivery)) : undefined;
      if (d && !same(expectedAckHash(ids, d), ak.args.ackHash)) flag("ack-mismatch", "ACK", "B", "HB", `request ${id}: the acknowledgement hash does not cover the delivered ciphertext and blob hash`);
    } else if (dv && dv.args.outcome === OUTCOME.granted && !badReEncryption) {
      // A delivery of a bad re-encryption is the signers' fault (found above); HB rightly does not acknowledge it.
      flag("gap", "ACK", "B", "HB", `request ${id} was delivered (entry ${dv.entry?.seq ?? "?"}) but never acknowledged`);
    }
    if (!f && !acc && trail.status === "unknown") trail.status = "orphan";
    if (trail.status === "carried" && !decision) trail.status = "pending";
  }
  return { findings, shares };
}
