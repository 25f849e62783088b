// Fewer than t committee members (t−1 corrupt ones, or a corrupt coordinator holding one member's key)
// try to change a request's state with a bogus re-encryption: on chain A (markReEncrypted) or straight
// on chain B (deliver). Every state change needs t members' signatures, and an honest member signs a
// re-encryption only after recomputing it, so the minority can neither deliver garbage nor lock the
// request: the honest committee delivers afterwards and the audit stays clean.
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { auditDeployment } from "../../reference/audit/auditor.ts";
import { encodeDeliveryMessage, OUTCOME } from "../../reference/chains/messages.ts";
import { committeeProof } from "../../reference/chains/relay-proof.ts";
import { labelledAccount } from "../../reference/chains/dev-accounts.ts";
import { ThresholdNotReached } from "../../reference/committee/committee-signers.ts";
import { recomputeReEncryption } from "../../reference/committee/reencryption-check.ts";
import { attempt, describe, reverted, type Scenario } from "./scenario.ts";
import { onFreshChains, type AttackWorld } from "../../scenario/fresh-deployment.ts";
import { access, anchorRecord, carryRequest, fileRequest, runsOf } from "../../scenario/share-steps.ts";
import { committee, inventedEntry, proveReEncryption, submitter, submitToB } from "./rogue-relay.ts";

/** A granted request, ready to be re-encrypted: its id, the honest result and the grant's evidence. */
async function grantedRequest(w: AttackWorld): Promise<{ requestId: Hex; honest: Uint8Array; bogus: Hex; patientSig: Hex }> {
  const { dep } = w;
  await anchorRecord(dep, "1");
  const { requestId, txHash } = await fileRequest(dep, "1");
  await carryRequest(dep, "1", txHash);
  await dep.patients[0]!.grant(runsOf("1").sh);
  const phr = dep.world.deployment.a.phrIndex;
  const [g] = await phr.eventsOf("Granted", { args: { requestId } });
  const q = await phr.read("getRequest", [requestId]);
  const [rec] = await phr.eventsOf("RecordAnchored", { args: { recordId: q.recordId } });
  const honest = recomputeReEncryption(hexToBytes(g!.args.reKey), hexToBytes(rec!.args.preCiphertext));
  const bogus = honest.slice();
  bogus[100] ^= 0x01;
  return { requestId, honest, bogus: bytesToHex(bogus), patientSig: g!.args.patientSig };
}

/** The honest committee finishes the share, HB reads the record, and the audit names nobody. */
async function honestCompletion(w: AttackWorld, ev: Parameters<Scenario["run"]>[0], requestId: Hex): Promise<void> {
  const { dep } = w;
  const delivered = await attempt(async () => access(dep, "1", await dep.relay.reEncryptAndDeliver(runsOf("1").sh)));
  ev.check(delivered.kind === "accepted", `the honest committee then re-encrypts and delivers request ${requestId}, HB opens the record: ${describe(delivered)}`);
  const audit = await auditDeployment(dep.world.deployment);
  ev.check(audit.clean, `audit: ${audit.clean ? "clean" : audit.findings.map((f) => `${f.kind} (${f.party})`).join(", ")}`);
}

export const minorityLogsBogusReEncryption: Scenario = {
  name: "t−1 committee members logging a bogus re-encryption",
  expected:
    "chain A refuses markReEncrypted with t−1 members' signatures (InsufficientSignatures) or with an outsider's added (UnknownSigner); a coordinator asking the honest members to co-sign gets ThresholdNotReached, every member refusing after recomputation; the request stays GRANTED and the honest committee delivers it",
  party: "R (t−1 members)",
  run: (ev) =>
    onFreshChains("minority-logs", async (w) => {
      const { dep } = w;
      const { requestId, bogus, patientSig } = await grantedRequest(w);
      const t = dep.world.deployment.committee.threshold;
      const corrupt = committee(dep).slice(0, t - 1);
      const phr = dep.world.deployment.a.phrIndex;
      const alone = await attempt(phr.send(submitter(dep), "markReEncrypted", [requestId, bogus, patientSig, await proveReEncryption(dep, requestId, bogus, corrupt)]));
      ev.check(reverted(alone, "InsufficientSignatures"), `${corrupt.length} member(s) (${corrupt.map((m) => m.address).join(", ")}) logging it: ${describe(alone)}`);
      const padded = await attempt(phr.send(submitter(dep), "markReEncrypted", [requestId, bogus, patientSig, await proveReEncryption(dep, requestId, bogus, [...corrupt, labelledAccount("attacks/minority/outsider")])]));
      ev.check(reverted(padded, "UnknownSigner"), `padded with an outsider's signature: ${describe(padded)}`);
      // A corrupt coordinator (the relay process) asks the members' workers to co-sign the same bytes.
      const [g] = await phr.eventsOf("Granted", { args: { requestId } });
      const q = await phr.read("getRequest", [requestId]);
      const [rec] = await phr.eventsOf("RecordAnchored", { args: { recordId: q.recordId } });
      const claim = { chainId: BigInt(w.chains.a.profile.chainId), phrIndex: phr.address, requestId, reKey: g!.args.reKey, ciphertext: rec!.args.preCiphertext, reCiphertext: bogus };
      const asked = await dep.relay.committee.reEncryptionProof(claim).then(
        () => undefined,
        (e: unknown) => e,
      );
      ev.check(asked instanceof ThresholdNotReached && asked.signed === 0, `asking the committee's workers to co-sign it: ${asked instanceof ThresholdNotReached ? `${asked.signed} signed, refused by ${asked.refusals.map((r) => r.member).join(", ")}` : String(asked)}`);
      const status = Number((await phr.read("getRequest", [requestId])).status);
      ev.check(status === 2, `request ${requestId} is still GRANTED (status ${status}): not locked`);
      await honestCompletion(w, ev, requestId);
    }),
};

export const minorityDeliversBogusReEncryption: Scenario = {
  name: "t−1 committee members delivering a bogus re-encryption",
  expected:
    "chain B refuses a delivery of an invented re-encryption with t−1 members' signatures (InsufficientSignatures); the request stays REQUESTED on chain B and the honest committee delivers it; nothing is charged to HB",
  party: "R (t−1 members)",
  run: (ev) =>
    onFreshChains("minority-delivers", async (w) => {
      const { dep, chains } = w;
      const { requestId, bogus, patientSig } = await grantedRequest(w);
      const t = dep.world.deployment.committee.threshold;
      const corrupt = committee(dep).slice(0, t - 1);
      const phr = dep.world.deployment.a.phrIndex;
      const q = await phr.read("getRequest", [requestId]);
      const rec = await phr.read("getRecord", [q.recordId]);
      const payload = encodeDeliveryMessage({
        requestId,
        recordId: q.recordId,
        outcome: OUTCOME.granted,
        patient: q.patient,
        nonce: q.nonce,
        cid: rec.cid,
        blobHash: rec.blobHash,
        reCiphertext: bogus,
        reKeyHash: q.reKeyHash,
        patientSig,
      });
      const m = {
        srcChainId: BigInt(chains.a.profile.chainId),
        srcContract: phr.address,
        dstChainId: BigInt(chains.b.profile.chainId),
        dstContract: dep.world.deployment.b.exchange.address,
        srcEntryHash: inventedEntry("minority-delivery"),
        payload,
      };
      const o = await attempt(submitToB(dep, m, await committeeProof(corrupt, m)));
      ev.check(reverted(o, "InsufficientSignatures"), `${corrupt.length} member(s) (${corrupt.map((x) => x.address).join(", ")}) delivering it to chain B: ${describe(o)}`);
      const status = Number((await dep.world.deployment.b.exchange.read("getRequest", [requestId])).status);
      ev.check(status === 1, `request ${requestId} is still REQUESTED on chain B (status ${status}): not locked`);
      await honestCompletion(w, ev, requestId);
    }),
};
