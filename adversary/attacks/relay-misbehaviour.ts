// A relay that alters the re-encrypted ciphertext it logs and delivers, and one that re-encrypts
// but never delivers. Neither can be stopped by a contract (the ciphertext is opaque to chain A, a
// missing transaction is not a call), so HB's checks and the auditor must catch them.
import { hexToBytes } from "viem";
import { decodeFirstLevelCiphertext, encodeFirstLevelCiphertext, gtGenerator, gtMul } from "../../reference/crypto/index.ts";
import { auditDeployment } from "../../reference/audit/auditor.ts";
import { attempt, describe, failedCheck, typedError, type Scenario } from "./scenario.ts";
import { onFreshChains } from "../../scenario/fresh-deployment.ts";
import { access, anchorRecord, carryRequest, fileRequest, runsOf } from "../../scenario/share-steps.ts";
import { deliverAsCommittee, reEncrypt } from "./rogue-relay.ts";

/** A valid first-level ciphertext of a different data key: c1 multiplied by a generator of GT. */
function otherPlaintext(d2: Uint8Array): Uint8Array {
  const ct = decodeFirstLevelCiphertext(d2);
  return encodeFirstLevelCiphertext({ ...ct, c1: gtMul(ct.c1, gtGenerator()) });
}

export const alteredReEncryption: Scenario = {
  name: "malicious relay altering the re-encrypted ciphertext",
  expected:
    "with a colluding threshold of members signing it: HB's recovered data key does not open the blob (fe1.aead) and HB never acknowledges; the auditor recomputes the re-encryption from the anchored ciphertext and the granted key and names R (bad-reencryption) with the members who signed it, and does not charge HB for the missing acknowledgement",
  party: "R",
  run: (ev) =>
    onFreshChains("altered-reencryption", async ({ dep, chains }) => {
      const { sh } = runsOf("1");
      await anchorRecord(dep, "1");
      const { requestId, txHash } = await fileRequest(dep, "1");
      await carryRequest(dep, "1", txHash);
      await dep.patients[0]!.grant(sh);
      const { message } = await reEncrypt(dep, requestId, otherPlaintext);
      const notice = await deliverAsCommittee(dep, requestId, message);
      const atHB = await attempt(access(dep, "1", notice));
      ev.check(failedCheck(atHB, "fe1.aead"), `HB opening the record: ${describe(atHB)}`);
      const acks = await chains.b.events({ contract: dep.world.deployment.b.exchange, eventName: "Acknowledged" });
      ev.check(acks.length === 0, "HB acknowledged nothing");
      const audit = await auditDeployment(dep.world.deployment);
      const named = audit.findings.filter((f) => f.kind === "bad-reencryption");
      const [re] = await dep.world.deployment.a.phrIndex.eventsOf("ReEncrypted", { args: { requestId } });
      const signers = re!.args.signers.map((x) => x.toLowerCase());
      const members = (named[0]?.members ?? []).map((x) => x.toLowerCase());
      ev.check(
        named.length === 1 && named[0]!.party === "R" && named[0]!.chain === "A" && members.length > 0 && members.join() === signers.join(),
        `auditor: ${named.map((f) => `${f.kind} (${f.phase}, chain ${f.chain}, party ${f.party}, members ${(f.members ?? []).join(", ")})`).join(", ") || "nothing"}`,
      );
      const hb = audit.findings.filter((f) => f.party === "HB");
      ev.check(hb.length === 0, `findings against HB: ${hb.map((f) => f.kind).join(", ") || "none"}`);
    }),
};

export const droppedDelivery: Scenario = {
  name: "relay dropping a delivery",
  expected: "HB finds nothing delivered (MISSING_EVENT) and the share stops; the auditor finds the re-encryption on chain A never delivered to chain B and names R (gap)",
  party: "R",
  run: (ev) =>
    onFreshChains("dropped-delivery", async ({ dep }) => {
      const { sh } = runsOf("1");
      await anchorRecord(dep, "1");
      const { requestId, txHash } = await fileRequest(dep, "1");
      await carryRequest(dep, "1", txHash);
      await dep.patients[0]!.grant(sh);
      await reEncrypt(dep, requestId); // logged on chain A, then dropped
      const atHB = await attempt(dep.hb.receiveDelivery(sh, { requestId, txHash: "0x", proof: hexToBytes("0x"), gasUsed: 0n }));
      ev.check(typedError(atHB, "E_MISSING_EVENT"), `HB waiting for the delivery: ${describe(atHB)}`);
      const audit = await auditDeployment(dep.world.deployment);
      const named = audit.findings.filter((f) => f.kind === "gap" && f.phase === "DELIVER");
      ev.check(named.length === 1 && named[0]!.party === "R", `auditor: ${audit.findings.map((f) => `${f.kind} (${f.phase}, chain ${f.chain}, party ${f.party})`).join(", ") || "nothing"}`);
    }),
};
