// The reference implementation end to end on embedded chains, and each role's checks rejecting
// what they must (bad signature, wrong chain, stale timestamp, replay, tampered relay proof).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedChains } from "../../../reference/chains/embedded.ts";
import type { ChainSet } from "../../../reference/chains/adapter.ts";
import { ContractRevertError } from "../../../reference/chains/errors.ts";
import { messageFromOutbound } from "../../../reference/chains/relay-proof.ts";
import { MemoryBlobStore } from "../../../reference/storage/memory-blob-store.ts";
import { setupDeployment, type Deployment } from "../../../scenario/setup.ts";
import { runShare } from "../../../scenario/share.ts";
import { phrBytes, syntheticPhr } from "../../../scenario/phr.ts";
import { CheckFailed } from "../../../reference/semantics/violations.ts";
import { decodeMessage } from "../../../reference/wire/codec.ts";
import { encodeMessage } from "../../../reference/wire/codec.ts";
import { upload } from "../../../protocol/specs/medexchain.ts";
import { HospitalB } from "../../../reference/roles/hospital-b.ts";
import { makeWorld } from "../../../reference/roles/world.ts";
import { bytesToHex, hexToBytes } from "viem";
import { share } from "../../../protocol/specs/medexchain.ts";
import { decodeRequestMessage } from "../../../reference/chains/messages.ts";
import { keccak256, seededRng } from "../../../reference/crypto/index.ts";
import { makeGrant } from "../../../reference/semantics/grant.ts";
import { Binding } from "../../../reference/wire/binding.ts";
import { messageOf } from "../../../reference/wire/codec.ts";
import { agentOf, fieldTerm } from "../../../reference/semantics/spec-terms.ts";
import { bindComputable } from "../../../reference/semantics/functions.ts";
import { ethSignTerm } from "../../../reference/semantics/signing.ts";
import { u64 } from "../../../reference/semantics/scalars.ts";

let chains: ChainSet;
let dep: Deployment;
const phr = (s: string) => phrBytes(syntheticPhr(s, "patient", "device"));

beforeAll(async () => {
  chains = await startEmbeddedChains();
  dep = await setupDeployment(chains, new MemoryBlobStore(), { seed: "roles-test" });
});
afterAll(async () => {
  await chains?.close();
});

/** Re-encode a message with one field's bytes changed. */
function tamper(label: string, bytes: Uint8Array, field: string, f: (v: Uint8Array) => Uint8Array): Uint8Array {
  const m = upload.messages.find((x) => x.label === label)!;
  const fields = decodeMessage(m, bytes);
  return encodeMessage(m, { ...fields, [field]: f(fields[field]!) });
}
const flip = (v: Uint8Array) => {
  const c = v.slice();
  c[c.length - 1]! ^= 1;
  return c;
};

describe("a whole share", () => {
  it("delivers the device's record to hospital B unchanged, through every spec message", async () => {
    const original = phr("whole");
    const r = await runShare(dep, { patient: 0, phr: original, run: "ok-1" });
    expect(r.refused).toBe(false);
    expect(r.recovered).toEqual(original);
    const sent = new Set(dep.world.trace.events.filter((e) => e.kind === "send").map((e) => (e as { label: string }).label));
    for (const l of ["up1", "up2", "an1", "in1", "rq1", "rq2", "gr1", "dl1", "fe1", "ak1"]) expect(sent, l).toContain(l);
    expect(r.phases.map((p) => p.name)).toEqual(["upload", "request", "authorisation", "transfer", "access"]);
  });

  it("records a refusal and delivers nothing", async () => {
    const r = await runShare(dep, { patient: 0, phr: phr("refused"), run: "refuse-1", refuse: true });
    expect(r.refused).toBe(true);
    expect(r.recovered).toBeUndefined();
    const req = dep.hb.requestOf("share-refuse-1")!;
    const q = (await dep.world.deployment.b.exchange.read("getRequest", [req])) as { status: number };
    expect(Number(q.status)).not.toBe(0);
    await expect(dep.hb.receiveDelivery("share-refuse-1", { requestId: req, txHash: "0x", proof: new Uint8Array(), gasUsed: 0n })).rejects.toThrow(/refused/);
  });
});

describe("receive-side checks", () => {
  it("the firewall rejects a device signature that does not verify", async () => {
    const up1 = dep.devices[0]!.upload("bad-sig", phr("bad-sig"), await chains.a.now());
    const bad = tamper("up1", up1, "sig_D", () => dep.devices[0]!.upload("other", phr("other"), 1n).slice(-48));
    const err = await dep.firewall.filter("bad-sig", bad).catch((e) => e);
    expect(err).toBeInstanceOf(CheckFailed);
    expect(err.checkId).toBe("up1.sig");
  });

  it("the firewall rejects a stale device timestamp", async () => {
    const now = await chains.a.now();
    const up1 = dep.devices[0]!.upload("stale", phr("stale"), now - 7200n);
    await expect(dep.firewall.filter("stale", up1)).rejects.toMatchObject({ checkId: "up1.ts" });
  });

  it("the firewall rejects a ciphertext swapped on the device link (the device signed the original)", async () => {
    const up1 = dep.devices[0]!.upload("swap", phr("swap"), await chains.a.now());
    const other = dep.devices[0]!.upload("swap-2", phr("swap-2"), await chains.a.now());
    const m = upload.messages.find((x) => x.label === "up1")!;
    const swapped = tamper("up1", up1, "pre_P", () => decodeMessage(m, other)["pre_P"]!);
    await expect(dep.firewall.filter("swap", swapped)).rejects.toMatchObject({ checkId: "up1.sig" });
  });

  it("hospital A rejects a replayed upload once it is anchored (not before), and a tampered firewall signature", async () => {
    const up1 = dep.devices[0]!.upload("replay", phr("replay"), await chains.a.now());
    const up2 = await dep.firewall.filter("replay", up1);
    await dep.ha.acceptUpload("replay", up2);
    // Not anchored yet (say the anchor transaction failed): the same upload can be accepted again and anchored.
    const retried = await dep.ha.acceptUpload("replay-retry", up2);
    await dep.ha.anchor("replay-retry", retried);
    await expect(dep.ha.acceptUpload("replay-again", up2)).rejects.toMatchObject({ checkId: "up2.replay" });
    const up1b = dep.devices[0]!.upload("fwsig", phr("fwsig"), await chains.a.now());
    const up2b = await dep.firewall.filter("fwsig", up1b);
    await expect(dep.ha.acceptUpload("fwsig", tamper("up2", up2b, "sig_F", flip))).rejects.toBeInstanceOf(CheckFailed);
  });

  it("a replayed request nonce is refused on chain B", async () => {
    await runShare(dep, { patient: 0, phr: phr("nonce-1"), run: "nonce-1" });
    const first = dep.world.trace.events.find((e) => e.kind === "send" && e.label === "rq1" && e.run === "share-nonce-1") as { fields: Record<string, string> };
    const fixed = Uint8Array.from(Buffer.from(first.fields["nB"]!, "hex"));
    // The same hospital B, with the test-only fault that makes it reuse that nonce.
    const replaying = new HospitalB(makeWorld(chains, dep.world.deployment, dep.world.store, { faults: { fixedNonce: fixed } }), dep.parties.hb);
    await replaying.receiveIntro("replay", dep.patients[0]!.introduce("share-nonce-1"));
    const err = await replaying.request("replay").catch((e) => e);
    expect(err).toBeInstanceOf(ContractRevertError);
    expect(err.errorName).toBe("NonceReused");
  });

  it("hospital B rejects a delivery whose committee proof was tampered with", async () => {
    const sh = "share-proof";
    const up = "upload-proof";
    const up2 = await dep.firewall.filter(up, dep.devices[0]!.upload(up, phr("proof"), await chains.a.now()));
    const a = await dep.ha.anchor(sh, await dep.ha.acceptUpload(up, up2));
    const patient = dep.patients[0]!;
    await patient.observeRecord(sh, a.recordId);
    await dep.hb.receiveIntro(sh, patient.introduce(sh));
    const r = await dep.hb.request(sh);
    await patient.receiveRequest(sh, await dep.relay.carryRequest(sh, r.txHash));
    await patient.grant(sh);
    const notice = await dep.relay.reEncryptAndDeliver(sh);
    const proof = notice.proof.slice();
    proof[10]! ^= 0xff;
    const err = await dep.hb.receiveDelivery(sh, { ...notice, proof }).catch((e) => e);
    expect(err).toBeInstanceOf(CheckFailed);
    expect(err.checkId).toBe("dl1.proof");
  });

  it("chain A refuses a relayed request addressed to the wrong chain", async () => {
    const sh = "share-wrong-chain";
    const up = "upload-wrong-chain";
    const up2 = await dep.firewall.filter(up, dep.devices[0]!.upload(up, phr("wc"), await chains.a.now()));
    const a = await dep.ha.anchor(sh, await dep.ha.acceptUpload(up, up2));
    const patient = dep.patients[0]!;
    await patient.observeRecord(sh, a.recordId);
    await dep.hb.receiveIntro(sh, patient.introduce(sh));
    const r = await dep.hb.request(sh);
    const out = (await chains.b.events({ contract: dep.world.deployment.b.exchange, eventName: "Outbound" })).find((e) => e.transactionHash === r.txHash)!;
    const msg = { ...messageFromOutbound(chains.b, out), dstChainId: 9999n };
    const { committeeProof } = await import("../../../reference/chains/relay-proof.ts");
    const proof = await committeeProof(dep.parties.committee.slice(0, 2).map((m) => m.account), msg);
    const err = await dep.world.deployment.a.phrIndex.send(dep.parties.committee[0]!.account, "acceptRequest", [msg, proof]).catch((e) => e);
    expect(err).toBeInstanceOf(ContractRevertError);
    expect(err.errorName).toBe("WrongDestinationChain");
  });
});

describe("a refusal the record's owner did not sign", () => {
  it("is not carried by the relay, and hospital B tells it from a real refusal", async () => {
    const { anchorRecord, fileRequest, carryRequest } = await import("../../../scenario/share-steps.ts");
    const { committeeProof } = await import("../../../reference/chains/relay-proof.ts");
    const { ProtocolViolation } = await import("../../../reference/semantics/violations.ts");
    const { bytesToHex } = await import("viem");
    const d = dep.world.deployment;
    await anchorRecord(dep, "forged-refusal");
    const { requestId, txHash } = await fileRequest(dep, "forged-refusal");
    await carryRequest(dep, "forged-refusal", txHash);
    // The owner's account records a refusal whose signature is not hers over "refuse"(rec, nB, HB):
    // chain A checks the sender, not the signature.
    const tx = await d.a.phrIndex.send(dep.parties.patients[0]!.account, "refuse", [requestId, bytesToHex(new Uint8Array(65).fill(5))]);
    const err = await dep.relay.carryRefusal(tx.hash).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolViolation);
    expect((err as InstanceType<typeof ProtocolViolation>).code).toBe("E_BAD_REFUSAL");
    expect(await chains.b.events({ contract: d.b.exchange, eventName: "Delivered", args: { requestId } })).toEqual([]);

    // A committee that carries it anyway (a threshold of members corrupt): HB does not take it for the patient's.
    const [ev] = (await chains.a.events({ contract: d.a.phrIndex, eventName: "Outbound" })).filter((e) => e.transactionHash === tx.hash);
    const msg = messageFromOutbound(chains.a, ev!);
    const members = dep.parties.committee.slice(0, dep.parties.threshold).map((m) => m.account);
    await d.b.exchange.send(members[0]!, "deliver", [msg, await committeeProof(members, msg)]);
    const seen = await dep.hb.receiveDelivery("share-forged-refusal", { requestId, txHash: "0x", proof: new Uint8Array(), gasUsed: 0n }).catch((e: unknown) => e);
    expect((seen as InstanceType<typeof ProtocolViolation>).code).toBe("E_BAD_REFUSAL");
    expect((seen as Error).message).toMatch(/not signed by the record's owner .* treat it as forged/);
  });
});

describe("record binding (issue 15, item 5)", () => {
  /** Upload and anchor one record (its own run names); returns its id and its RecordAnchored arguments. */
  async function anchored(tag: string, timestamp: bigint) {
    const up = `upload-${tag}`;
    const up2 = await dep.firewall.filter(up, dep.devices[0]!.upload(up, phr(tag), timestamp));
    const { recordId } = await dep.ha.anchor(`share-${tag}`, await dep.ha.acceptUpload(up, up2));
    const phrIndex = dep.world.deployment.a.phrIndex;
    const [ev] = await chains.a.events({ contract: phrIndex, eventName: "RecordAnchored", args: { recordId } });
    return { recordId, args: phrIndex.argsOf("RecordAnchored", ev!) };
  }

  /** HB requests record `recordId` in run `sh` and the committee carries the request to the patient. */
  async function requested(sh: string, recordId: `0x${string}`) {
    const patient = dep.patients[0]!;
    await patient.observeRecord(sh, recordId);
    await dep.hb.receiveIntro(sh, patient.introduce(sh));
    const r = await dep.hb.request(sh);
    const notice = await dep.relay.carryRequest(sh, r.txHash);
    await patient.receiveRequest(sh, notice);
    return notice;
  }

  /**
   * The patient's grant for record 1's request, signed over the upload commitment `commitment` (the
   * device, tsD, CID and blob hash of some anchored record), submitted on chain A.
   */
  async function grantOver(notice: { requestId: `0x${string}` }, rec1: Awaited<ReturnType<typeof anchored>>, commitment: Awaited<ReturnType<typeof anchored>>["args"]) {
    const patient = dep.patients[0]!;
    const phrIndex = dep.world.deployment.a.phrIndex;
    const [acc] = await chains.a.events({ contract: phrIndex, eventName: "RequestAccepted", args: { requestId: notice.requestId } });
    const req = decodeRequestMessage(phrIndex.argsOf("RequestAccepted", acc!).request);
    const rk = makeGrant(share, patient.keys.pre.sk, hexToBytes(rec1.args.preCiphertext), hexToBytes(req.requesterPreKey), seededRng("grant-over"));
    const b = new Binding();
    b.set(agentOf("P"), patient.keys.id);
    b.set(agentOf("HA"), hexToBytes(rec1.args.hospital));
    b.absorbLoose(messageOf(share, "gr1"), {
      rec: hexToBytes(rec1.recordId),
      HB: hexToBytes(req.requesterKey),
      nB: hexToBytes(req.nonce),
      dev: hexToBytes(commitment.device),
      tsD: u64(commitment.timestamp),
      cid: hexToBytes(commitment.cid),
      blobhash: hexToBytes(commitment.blobHash),
      pre_P: hexToBytes(rec1.args.preCiphertext),
      rk_P_HB: rk,
    });
    b.set(fieldTerm(share, "dl1", "rk"), keccak256(rk));
    const sigTerm = fieldTerm(share, "gr1", "sig_P");
    bindComputable(sigTerm, b);
    await phrIndex.send(patient.keys.account, "grant", [notice.requestId, bytesToHex(rk), bytesToHex(ethSignTerm(patient.keys.eth.sk, sigTerm, b))]);
  }

  it("the relay refuses a grant whose signature covers another record's upload commitment, and carries one over the anchored commitment", async () => {
    const now = await chains.a.now();
    const rec1 = await anchored("commit-1", now);
    const rec2 = await anchored("commit-2", now - 1n);
    const wrong = await requested("share-commit-wrong", rec1.recordId);
    await grantOver(wrong, rec1, rec2.args);
    const err = await dep.relay.reEncryptAndDeliver("share-commit-wrong").catch((e) => e);
    expect(err).toBeInstanceOf(CheckFailed);
    expect(err.checkId).toBe("gr1.sig");
    // Control: the same hand-made grant over record 1's own commitment is carried.
    const right = await requested("share-commit-right", rec1.recordId);
    await grantOver(right, rec1, rec1.args);
    const notice = await dep.relay.reEncryptAndDeliver("share-commit-right");
    expect(notice.requestId).toBe(right.requestId);
  });

  it("hospital B handed another device timestamp for the record refuses the delivery (the grant covers tsD)", async () => {
    const rec = await anchored("ctx-ts", await chains.a.now());
    const sh = "share-ctx-ts";
    const patient = dep.patients[0]!;
    await patient.observeRecord(sh, rec.recordId);
    const in1 = messageOf(share, "in1");
    const fields = decodeMessage(in1, patient.introduce(sh));
    await dep.hb.receiveIntro(sh, encodeMessage(in1, { ...fields, tsD: u64(rec.args.timestamp + 1n) }));
    const r = await dep.hb.request(sh);
    await patient.receiveRequest(sh, await dep.relay.carryRequest(sh, r.txHash));
    await patient.grant(sh);
    const err = await dep.hb.receiveDelivery(sh, await dep.relay.reEncryptAndDeliver(sh)).catch((e) => e);
    expect(err).toBeInstanceOf(CheckFailed);
    expect(err.checkId).toBe("dl1.grant");
  });
});
