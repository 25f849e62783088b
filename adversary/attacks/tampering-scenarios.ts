// Tampering with what travels between roles: a PRE ciphertext altered on its way to the firewall or
// to HA, a CID swapped in an upload or in a delivery, and storage serving other bytes under a CID.
import { bytesToHex, hexToBytes } from "viem";
import { upload } from "../../protocol/specs/medexchain.ts";
import { decodeDeliveryMessage, encodeDeliveryMessage } from "../../reference/chains/messages.ts";
import { auditDeployment } from "../../reference/audit/auditor.ts";
import { cidFromBytes, cidOf } from "../../reference/storage/cid.ts";
import { decodeMessage, encodeMessage, messageOf } from "../../reference/wire/codec.ts";
import type { RelayNotice } from "../../reference/roles/notice.ts";
import { attempt, describe, failedCheck, typedError, type Scenario } from "./scenario.ts";
import { onFreshChains } from "../../scenario/fresh-deployment.ts";
import { access, anchorRecord, carryRequest, fileRequest, phrFor, runsOf } from "../../scenario/share-steps.ts";
import { deliverAsCommittee, reEncrypt } from "./rogue-relay.ts";

/** Re-encode an upload message with one field changed (what a network attacker between two roles does). */
function withField(label: "up1" | "up2", bytes: Uint8Array, field: string, change: (v: Uint8Array) => Uint8Array): Uint8Array {
  const m = messageOf(upload, label);
  const f = decodeMessage(m, bytes);
  return encodeMessage(m, { ...f, [field]: change(f[field]!) });
}

const flipLast = (v: Uint8Array) => {
  const c = v.slice();
  c[c.length - 1]! ^= 0x01;
  return c;
};

export const tamperedPreCiphertext: Scenario = {
  name: "tampered PRE ciphertext",
  expected: "a byte flipped in the device's ciphertext is rejected by the firewall at up1.sig (the blob is not even stored); a byte flipped in the re-randomised ciphertext is rejected by HA at up2.sig; nothing is anchored until the genuine upload arrives",
  party: "network attacker (D→F, F→HA)",
  run: (ev) =>
    onFreshChains("tampered-pre", async ({ dep, store, chains }) => {
      const { up, sh } = runsOf("1");
      const up1 = dep.devices[0]!.upload(up, phrFor("1"), await chains.a.now());
      const blobCid = cidOf(decodeMessage(messageOf(upload, "up1"), up1)["aead"]!).toString();
      const atF = await attempt(dep.firewall.filter(up, withField("up1", up1, "pre_P", flipLast)));
      ev.check(failedCheck(atF, "up1.sig"), `device → firewall, ciphertext flipped: ${describe(atF)}`);
      ev.check(!(await store.has(blobCid)), "the firewall stored nothing for the rejected upload");
      const up2 = await dep.firewall.filter(up, up1);
      const atHA = await attempt(dep.ha.acceptUpload(up, withField("up2", up2, "rr_pre_P", flipLast)));
      ev.check(failedCheck(atHA, "up2.sig"), `firewall → HA, re-randomised ciphertext flipped: ${describe(atHA)}`);
      const anchoredBefore = await chains.a.events({ contract: dep.world.deployment.a.phrIndex, eventName: "RecordAnchored" });
      ev.check(anchoredBefore.length === 0, "nothing anchored from the tampered uploads");
      const { recordId } = await dep.ha.anchor(sh, await dep.ha.acceptUpload(up, up2));
      const [rec] = await chains.a.events({ contract: dep.world.deployment.a.phrIndex, eventName: "RecordAnchored", args: { recordId } });
      const genuine = decodeMessage(messageOf(upload, "up2"), up2)["rr_pre_P"]!;
      ev.check(rec !== undefined && rec.args.preCiphertext === bytesToHex(genuine), "the genuine upload is anchored afterwards with the firewall's ciphertext");
      const audit = await auditDeployment(dep.world.deployment);
      ev.check(audit.clean, `audit: ${audit.clean ? "clean" : audit.findings.map((f) => f.kind).join(", ")}`);
    }),
};

export const swappedCid: Scenario = {
  name: "swapped CID",
  expected: "an upload whose CID was swapped is rejected by HA at up2.sig; a delivery whose CID and blob hash a colluding committee swapped for another record's is accepted by chain B (which holds no CID) but HB's blob does not open under the granted key (fe1.aead), HB never acknowledges, and the auditor names R",
  party: "network attacker (F→HA) / R (colluding committee)",
  run: (ev) =>
    onFreshChains("swapped-cid", async ({ dep, chains }) => {
      // Another record of the same patient: the CID the attacker swaps in.
      const other = await anchorRecord(dep, "2");
      const [otherRec] = await dep.world.deployment.a.phrIndex.eventsOf("RecordAnchored", { args: { recordId: other } });
      const otherCid = hexToBytes(otherRec!.args.cid);
      const { up, sh } = runsOf("1");
      const up1 = dep.devices[0]!.upload(up, phrFor("1"), await chains.a.now());
      const up2 = await dep.firewall.filter(up, up1);
      const atHA = await attempt(dep.ha.acceptUpload(up, withField("up2", up2, "cid", () => otherCid)));
      ev.check(failedCheck(atHA, "up2.sig"), `upload with another blob's CID: ${describe(atHA)}`);
      const { recordId } = await dep.ha.anchor(sh, await dep.ha.acceptUpload(up, up2));
      await dep.patients[0]!.observeRecord(sh, recordId);
      const { requestId, txHash } = await fileRequest(dep, "1");
      await carryRequest(dep, "1", txHash);
      await dep.patients[0]!.grant(sh);
      const { message } = await reEncrypt(dep, requestId);
      const d = decodeDeliveryMessage(message.payload);
      const swapped = { ...message, payload: encodeDeliveryMessage({ ...d, cid: otherRec!.args.cid, blobHash: otherRec!.args.blobHash }) };
      let notice: RelayNotice | undefined;
      const onB = await attempt(async () => {
        notice = await deliverAsCommittee(dep, requestId, swapped);
      });
      ev.note(`delivery with the other record's CID and blob hash: chain B ${describe(onB)}`);
      const atHB = notice ? await attempt(access(dep, "1", notice)) : onB;
      // The patient's grant signs the record's CID and blob hash, so HB already rejects the swapped
      // delivery at the grant check; were it not so, the blob would not open (fe1.aead).
      ev.check(failedCheck(atHB, "dl1.grant") || failedCheck(atHB, "fe1.aead"), `HB fetching ${cidFromBytes(otherCid).toString().slice(0, 16)}…: ${describe(atHB)}`);
      const acks = await chains.b.events({ contract: dep.world.deployment.b.exchange, eventName: "Acknowledged" });
      ev.check(acks.length === 0, "HB acknowledged nothing");
      const audit = await auditDeployment(dep.world.deployment);
      const named = audit.findings.filter((f) => f.party === "R");
      ev.check(named.some((f) => f.kind === "delivery-without-grant") && named.some((f) => f.kind === "forged"), `auditor: ${named.map((f) => `${f.kind} (${f.phase}, chain ${f.chain})`).join(", ") || "nothing"} — party R`);
    }),
};

export const swappedBlob: Scenario = {
  name: "swapped blob",
  expected: "storage serving other bytes under the record's CID is caught when HB fetches (BLOB_INTEGRITY: the bytes do not hash to the CID); HB does not acknowledge, and the audit shows the share stopped before the acknowledgement",
  party: "storage",
  run: (ev) =>
    onFreshChains("swapped-blob", async ({ dep, store, chains }) => {
      await anchorRecord(dep, "2");
      const recordId = await anchorRecord(dep, "1");
      const { sh } = runsOf("1");
      const { txHash } = await fileRequest(dep, "1");
      await carryRequest(dep, "1", txHash);
      await dep.patients[0]!.grant(sh);
      const delivery = await dep.relay.reEncryptAndDeliver(sh);
      await dep.hb.receiveDelivery(sh, delivery);
      const rec = (await dep.world.deployment.a.phrIndex.eventsOf("RecordAnchored")).map((e) => e.args);
      const mine = cidFromBytes(hexToBytes(rec.find((r) => r.recordId === recordId)!.cid)).toString();
      const theirs = cidFromBytes(hexToBytes(rec.find((r) => r.recordId !== recordId)!.cid)).toString();
      store.tamper(mine, await store.get(theirs));
      const fetched = await attempt(dep.hb.fetchRecord(sh));
      ev.check(typedError(fetched, "E_BLOB_INTEGRITY"), `HB fetching the record: ${describe(fetched)}`);
      const audit = await auditDeployment(dep.world.deployment);
      ev.check(audit.findings.length === 1 && audit.findings[0]!.kind === "gap" && audit.findings[0]!.phase === "ACK", `audit: ${audit.findings.map((f) => `${f.kind} ${f.phase}`).join(", ")} — the share stopped at the acknowledgement`);
    }),
};
