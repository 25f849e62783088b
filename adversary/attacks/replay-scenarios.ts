// Replays: a request carried twice or re-filed with its old nonce, a grant delivered twice or
// re-addressed to a newer request, and a grant for one requester pushed to another.
import { decodeDeliveryMessage, encodeDeliveryMessage } from "../../reference/chains/messages.ts";
import { auditDeployment } from "../../reference/audit/auditor.ts";
import { attempt, describe, failedCheck, reverted, type Scenario } from "./scenario.ts";
import type { HospitalB } from "../../reference/roles/hospital-b.ts";
import type { RelayNotice } from "../../reference/roles/notice.ts";
import { onFreshChains, secondHospital, type AttackWorld } from "../../scenario/fresh-deployment.ts";
import { access, anchorRecord, carryRequest, fileRequest, fullShare, observeAgain, runsOf } from "../../scenario/share-steps.ts";
import { deliverAsCommittee, inventedEntry, outboundMessage, proveAll, proveReEncryption, recordOnRelay, submitToA, submitToB, submitter } from "./rogue-relay.ts";

export const replayedRequest: Scenario = {
  name: "replayed request",
  expected: "chain A and the relay chain revert the carried request a second time (RelayMessageReplayed); chain B reverts a re-filed nonce (NonceReused); the patient rejects the replayed rq2 at rq2.replay; the audit stays clean",
  party: "R (replaying relay) / HB (nonce reuse)",
  run: (ev) =>
    onFreshChains("replayed-request", async (w) => {
      const { dep } = w;
      const s = await fullShare(dep, "1");
      const m = await outboundMessage(dep, "B", s.requestTx);
      const proof = await proveAll(dep, m);
      const onA = await attempt(submitToA(dep, m, proof));
      ev.check(reverted(onA, "RelayMessageReplayed"), `re-submitting the carried request to chain A: ${describe(onA)}`);
      const onRelay = await attempt(recordOnRelay(dep, m, proof));
      ev.check(reverted(onRelay, "RelayMessageReplayed"), `recording it again on the relay chain: ${describe(onRelay)}`);
      const [filed] = await dep.world.deployment.b.exchange.eventsOf("RequestFiled", { args: { requestId: s.requestId } });
      const f = filed!.args;
      const refiled = await attempt(dep.world.deployment.b.exchange.send(dep.parties.hb.account, "request", [f.recordId, f.patient, f.nonce, await w.chains.b.now(), f.ed25519Sig]));
      ev.check(reverted(refiled, "NonceReused"), `re-filing the request with its old nonce: ${describe(refiled)}`);
      const rq2 = await attempt(dep.patients[0]!.receiveRequest(runsOf("1").sh, s.request));
      ev.check(failedCheck(rq2, "rq2.replay"), `handing the patient the carried request again: ${describe(rq2)}`);
      const audit = await auditDeployment(dep.world.deployment);
      ev.check(audit.clean, `audit after the attempts: ${audit.clean ? "clean" : audit.findings.map((x) => x.kind).join(", ")}`);
    }),
};

export const replayedGrant: Scenario = {
  name: "replayed grant",
  expected: "chain B reverts the delivered grant a second time (RelayMessageReplayed) and the old grant re-addressed to a newer request (EvidenceMismatch: the nonce is the old request's); chain A reverts a second grant of the same request (RequestNotPending); the audit stays clean",
  party: "R (replaying relay) / P",
  run: (ev) =>
    onFreshChains("replayed-grant", async (w) => {
      const { dep } = w;
      const s = await fullShare(dep, "1");
      const old = await outboundMessage(dep, "A", (await w.chains.a.events({ contract: dep.world.deployment.a.phrIndex, eventName: "ReEncrypted", args: { requestId: s.requestId } }))[0]!.transactionHash);
      const again = await attempt(submitToB(dep, old, await proveAll(dep, old)));
      ev.check(reverted(again, "RelayMessageReplayed"), `delivering the grant again: ${describe(again)}`);
      // A newer request by the same hospital for the same record, carried honestly and pending.
      await observeAgain(dep, "2", s.recordId);
      const second = await fileRequest(dep, "2");
      await carryRequest(dep, "2", second.txHash);
      const readdressed = { ...old, srcEntryHash: inventedEntry("replayed-grant"), payload: encodeDeliveryMessage({ ...decodeDeliveryMessage(old.payload), requestId: second.requestId }) };
      const stale = await attempt(submitToB(dep, readdressed, await proveAll(dep, readdressed)));
      ev.check(reverted(stale, "EvidenceMismatch"), `the old grant re-addressed to the newer request (even under a full committee proof): ${describe(stale)}`);
      const [g] = await dep.world.deployment.a.phrIndex.eventsOf("Granted", { args: { requestId: s.requestId } });
      const ga = g!.args;
      const regrant = await attempt(dep.world.deployment.a.phrIndex.send(dep.parties.patients[0]!.account, "grant", [s.requestId, ga.reKey, ga.patientSig]));
      ev.check(reverted(regrant, "RequestNotPending"), `granting the answered request again: ${describe(regrant)}`);
      const audit = await auditDeployment(dep.world.deployment);
      const pending = audit.shares.find((x) => x.requestId.toLowerCase() === second.requestId.toLowerCase())?.status;
      ev.check(audit.clean && pending === "pending", `audit: ${audit.clean ? "clean" : audit.findings.map((x) => x.kind).join(", ")}, the newer request ${pending}`);
    }),
};

export const grantForAnotherRequester: Scenario = {
  name: "grant for another requester",
  expected: "a grant issued to HB cannot serve HC's request: chain A refuses to re-encrypt HC's pending request (RequestNotPending), chain B reverts HB's delivery re-addressed to HC (EvidenceMismatch); if the committee also rewrites the nonce, HC rejects it at dl1.grant and the auditor names R (delivery-without-grant)",
  party: "R",
  run: (ev) =>
    onFreshChains("grant-for-another", async (w) => {
      const { dep } = w;
      const hc = await secondHospital(w, "HC");
      // One record, two requests: HB's (run x) and HC's (run y); the patient grants HB only.
      const s = await grantOneOfTwo(w, hc);
      const reenc = await attempt(dep.world.deployment.a.phrIndex.send(submitter(dep), "markReEncrypted", [s.y.requestId, s.reCiphertext, s.patientSig, await proveReEncryption(dep, s.y.requestId, s.reCiphertext)]));
      ev.check(reverted(reenc, "RequestNotPending"), `re-encrypting HC's request with HB's grant: ${describe(reenc)}`);
      const xMsg = s.xDelivery;
      const d = decodeDeliveryMessage(xMsg.payload);
      const toHc = { ...xMsg, srcEntryHash: inventedEntry("to-hc"), payload: encodeDeliveryMessage({ ...d, requestId: s.y.requestId }) };
      const naive = await attempt(submitToB(dep, toHc, await proveAll(dep, toHc)));
      ev.check(reverted(naive, "EvidenceMismatch"), `HB's delivery re-addressed to HC's request: ${describe(naive)}`);
      const [yFiled] = await dep.world.deployment.b.exchange.eventsOf("RequestFiled", { args: { requestId: s.y.requestId } });
      const yNonce = yFiled!.args.nonce;
      const forged = { ...xMsg, srcEntryHash: inventedEntry("to-hc-with-nonce"), payload: encodeDeliveryMessage({ ...d, requestId: s.y.requestId, nonce: yNonce }) };
      let notice: RelayNotice | undefined;
      const onB = await attempt(async () => {
        notice = await deliverAsCommittee(dep, s.y.requestId, forged);
      });
      ev.note(`with HC's nonce written in as well, chain B: ${describe(onB)} (it cannot check the patient's signature)`);
      const atHc = notice ? await attempt(hc.receiveDelivery(runsOf("y").sh, notice)) : onB;
      ev.check(failedCheck(atHc, "dl1.grant"), `HC receiving it: ${describe(atHc)}`);
      const audit = await auditDeployment(dep.world.deployment);
      const named = audit.findings.filter((f) => f.party === "R" && f.kind === "delivery-without-grant");
      ev.check(named.length > 0, `auditor: ${named.map((f) => `${f.kind} (${f.phase}, chain ${f.chain}, party ${f.party})`).join(", ") || "nothing"}`);
    }),
};

/** One record, two requests — HB's (run x) granted, delivered and acknowledged; HC's (run y) pending. */
async function grantOneOfTwo(w: AttackWorld, hc: HospitalB) {
  const { dep } = w;
  const recordId = await anchorRecord(dep, "x");
  const x = await fileRequest(dep, "x");
  await carryRequest(dep, "x", x.txHash);
  await observeAgain(dep, "y", recordId);
  const y = await fileRequest(dep, "y", hc);
  await carryRequest(dep, "y", y.txHash);
  await dep.patients[0]!.grant(runsOf("x").sh);
  await access(dep, "x", await dep.relay.reEncryptAndDeliver(runsOf("x").sh));
  const phr = dep.world.deployment.a.phrIndex;
  const [re] = await phr.eventsOf("ReEncrypted", { args: { requestId: x.requestId } });
  const [g] = await phr.eventsOf("Granted", { args: { requestId: x.requestId } });
  return {
    x,
    y,
    reCiphertext: re!.args.reCiphertext,
    patientSig: g!.args.patientSig,
    xDelivery: await outboundMessage(dep, "A", re!.transactionHash),
  };
}
