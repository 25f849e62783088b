// The contracts' checks, each with the named error that rejects a bad call; happy path first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeAbiParameters, keccak256, numberToHex, sliceHex, concatHex, type Hex } from "viem";
import { deployed, expectRevert, flipByte, advanceTime, type Deployed } from "./fixture.ts";
import {
  anchorRecord,
  carry,
  fileRequest,
  grantRequest,
  logReEncryption,
  acknowledge,
  outboundOf,
  patientDecisionSig,
  registerParties,
  opaqueBytes,
  type WalkthroughParties,
} from "../../../scenario/walkthrough.ts";
import { reEncryptionProof } from "../../../reference/chains/relay-proof.ts";
import { reEncryptionClaimFor } from "../../../scenario/walkthrough.ts";
import { committeeProof, encodeProof, relayDigest, signRelayMessage, verifyProof, RelayProofError, messageFromOutbound, type RelayMessage } from "../../../reference/chains/relay-proof.ts";
import { decodeDeliveryMessage, decodeRequestMessage, encodeDeliveryMessage, encodeRequestMessage, OUTCOME } from "../../../reference/chains/messages.ts";
import { labelledAccount } from "../../../reference/chains/dev-accounts.ts";

let env: Deployed;
let p: WalkthroughParties;

beforeAll(async () => {
  env = await deployed();
  p = await registerParties(env.d, env.committee);
});
afterAll(async () => {
  await env.chains.close();
});

/** A fresh record and a fresh request for it, ready to be carried to chain A. */
async function freshRequest(label: string): Promise<{ recordId: Hex; requestId: Hex; message: RelayMessage }> {
  const { recordId } = await anchorRecord(env.d, p, label);
  const { requestId, message } = await fileRequest(env.d, p, recordId);
  return { recordId, requestId, message };
}

/** Submit `m` with `proof` to chain A directly (bypassing the relay-chain record). */
function acceptOnA(m: RelayMessage, proof: Hex) {
  return env.d.a.phrIndex.send(p.submitter, "acceptRequest", [m, proof]);
}

describe("a whole share through the contracts", () => {
  it("anchors, requests, accepts, grants, re-encrypts, delivers and acknowledges", async () => {
    const { recordId, requestId, message } = await freshRequest("happy");
    const req = decodeRequestMessage(message.payload);
    expect(req.requestId).toBe(requestId);
    expect(req.recordId).toBe(recordId);
    expect(req.requesterKey).toBe(p.hbEd25519.publicKey);
    expect(encodeRequestMessage(req)).toBe(message.payload);
    expect(message.srcChainId).toBe(7002n);
    expect(message.dstChainId).toBe(7001n);
    expect(message.dstContract).toBe(env.d.a.phrIndex.address);

    const carried = await carry(env.d, p, message);
    const onRelay = carried.relayTx.events.find((e) => e.eventName === "Carried")!;
    expect(onRelay.args.digest).toBe(relayDigest(message));
    expect((onRelay.args.signers as string[]).length).toBe(2);
    expect((await env.d.a.phrIndex.read("getRequest", [requestId])).status).toBe(1);

    const { patientSig, reKey } = await grantRequest(env.d, p, requestId);
    const onA = await env.d.a.phrIndex.read("getRequest", [requestId]);
    expect(onA.status).toBe(2);
    expect(onA.reKeyHash).toBe(keccak256(reKey));

    const { message: delivery } = await logReEncryption(env.d, p, requestId, patientSig);
    const dm = decodeDeliveryMessage(delivery.payload);
    expect(dm.outcome).toBe(OUTCOME.granted);
    expect(dm.nonce).toBe(req.nonce);
    expect(dm.patientSig).toBe(patientSig);
    expect(encodeDeliveryMessage(dm)).toBe(delivery.payload);
    await carry(env.d, p, delivery);
    expect((await env.d.b.exchange.read("getRequest", [requestId])).status).toBe(2);

    await acknowledge(env.d, p, requestId);
    expect((await env.d.b.exchange.read("getRequest", [requestId])).status).toBe(4);
  });

  it("carries a refusal to chain B, after which nothing can be delivered or acknowledged", async () => {
    const { requestId, message } = await freshRequest("refused");
    await carry(env.d, p, message);
    const sig = await patientDecisionSig(p, requestId, "0x");
    const tx = await env.d.a.phrIndex.send(p.patient, "refuse", [requestId, sig]);
    const refusal = messageFromOutbound(env.chains.a, outboundOf(tx));
    expect(decodeDeliveryMessage(refusal.payload).outcome).toBe(OUTCOME.refused);
    await carry(env.d, p, refusal);
    expect((await env.d.b.exchange.read("getRequest", [requestId])).status).toBe(3);
    await expectRevert(env.d.a.phrIndex.send(p.patient, "grant", [requestId, opaqueBytes("rk", 96), sig]), "RequestNotPending");
    await expectRevert(acknowledge(env.d, p, requestId), "RequestNotPending");
  });
});

describe("relay proofs on chain A: every forgery reverts with a named error, off-chain check agrees", () => {
  let m: RelayMessage;
  let members: Hex[];
  beforeAll(async () => {
    m = (await freshRequest("forgeries")).message;
    members = env.committee.map((c) => c.address);
  });

  async function bothReject(msg: RelayMessage, proof: Hex, errorName: string): Promise<void> {
    await expectRevert(acceptOnA(msg, proof), errorName);
    const offChain = await verifyProof(relayDigest(msg), proof, members, 2).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Routing errors (chain and contract ids) are the contract's business, not the proof's.
    if (errorName.startsWith("Wrong")) return;
    expect(offChain).toBeInstanceOf(RelayProofError);
    expect((offChain as RelayProofError).reason).toBe(errorName);
  }

  it("too few signatures", async () => {
    await bothReject(m, await committeeProof(env.committee.slice(0, 1), m), "InsufficientSignatures");
  });

  it("a signer outside the committee", async () => {
    await bothReject(m, await committeeProof([env.committee[0]!, env.outsider], m), "UnknownSigner");
  });

  it("the same member twice", async () => {
    const s = await signRelayMessage(env.committee[0]!, m);
    await bothReject(m, encodeProof([s, s]), "DuplicateSigner");
  });

  it("signatures out of address order", async () => {
    const sigs = await Promise.all(env.committee.slice(0, 2).map((k) => signRelayMessage(k, m)));
    const sorted = sliceHex(encodeProof(sigs), 0);
    const reversed = concatHex([sliceHex(sorted, 65, 130), sliceHex(sorted, 0, 65)]);
    await bothReject(m, reversed, "SignersNotAscending");
  });

  it("a malformed proof (not a multiple of 65 bytes, or empty)", async () => {
    const proof = await committeeProof(env.committee.slice(0, 2), m);
    await bothReject(m, sliceHex(proof, 0, 129), "MalformedProof");
    await expectRevert(acceptOnA(m, "0x"), "MalformedProof");
  });

  it("a malleable (high-s) signature", async () => {
    const proof = await committeeProof(env.committee.slice(0, 2), m);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt(sliceHex(proof, 32, 64));
    const v = Number(BigInt(sliceHex(proof, 64, 65)));
    const twin = concatHex([sliceHex(proof, 0, 32), numberToHex(n - s, { size: 32 }), numberToHex(v === 27 ? 28 : 27, { size: 1 }), sliceHex(proof, 65)]);
    await bothReject(m, twin, "InvalidSignature");
  });

  it("a proof for another source event or payload", async () => {
    const proof = await committeeProof(env.committee.slice(0, 2), m);
    await bothReject({ ...m, srcEntryHash: flipByte(m.srcEntryHash, 0) }, proof, "UnknownSigner");
    await bothReject({ ...m, payload: flipByte(m.payload, 100) }, proof, "UnknownSigner");
  });

  it("a correctly signed message from the wrong source chain or contract", async () => {
    const wrongChain = { ...m, srcChainId: 7003n };
    await bothReject(wrongChain, await committeeProof(env.committee.slice(0, 2), wrongChain), "WrongSourceChain");
    const wrongContract = { ...m, srcContract: env.d.b.registry.address };
    await bothReject(wrongContract, await committeeProof(env.committee.slice(0, 2), wrongContract), "WrongSourceContract");
  });

  it("a correctly signed message for another destination chain or contract", async () => {
    const wrongDst = { ...m, dstChainId: 7002n };
    await bothReject(wrongDst, await committeeProof(env.committee.slice(0, 2), wrongDst), "WrongDestinationChain");
    const wrongDstContract = { ...m, dstContract: env.d.a.registry.address };
    await bothReject(wrongDstContract, await committeeProof(env.committee.slice(0, 2), wrongDstContract), "WrongDestinationContract");
  });

  it("still accepts the genuine message after every failed forgery, and then never again (replay)", async () => {
    const proof = await committeeProof(env.committee.slice(1, 3), m);
    expect(await verifyProof(relayDigest(m), proof, members, 2)).toHaveLength(2);
    await acceptOnA(m, proof);
    await expectRevert(acceptOnA(m, proof), "RelayMessageReplayed");
    await expectRevert(acceptOnA(m, await committeeProof(env.committee, m)), "RelayMessageReplayed");
  });

  it("a committee-signed payload that contradicts chain A's record is refused by content checks", async () => {
    const { message } = await freshRequest("contradiction");
    const r = decodeRequestMessage(message.payload);
    const lying = { ...message, payload: encodeRequestMessage({ ...r, patient: env.outsider.address }) };
    await expectRevert(acceptOnA(lying, await committeeProof(env.committee.slice(0, 2), lying)), "PatientMismatch");
    const badSig = { ...message, payload: encodeRequestMessage({ ...r, requesterSig: "0x1234" }) };
    await expectRevert(acceptOnA(badSig, await committeeProof(env.committee.slice(0, 2), badSig)), "BadSignatureLength");
  });
});

describe("relay chain log", () => {
  it("records each source step once, with a valid proof", async () => {
    const { message } = await freshRequest("relaylog");
    await expectRevert(env.d.relay.relayLog.send(p.submitter, "record", [message, await committeeProof([env.outsider, env.committee[0]!], message)]), "UnknownSigner");
    const proof = await committeeProof(env.committee.slice(0, 2), message);
    await env.d.relay.relayLog.send(p.submitter, "record", [message, proof]);
    await expectRevert(env.d.relay.relayLog.send(p.submitter, "record", [message, proof]), "RelayMessageReplayed");
    expect(await env.d.relay.relayLog.read("isConsumed", [message.srcChainId, message.srcContract, message.srcEntryHash])).toBe(true);
  });
});

describe("grant, refusal and re-encryption on chain A", () => {
  let requestId: Hex;
  beforeAll(async () => {
    const r = await freshRequest("grants");
    requestId = r.requestId;
    await carry(env.d, p, r.message);
  });

  it("only the record's owner may grant or refuse", async () => {
    const sig = await patientDecisionSig(p, requestId, "0x");
    await expectRevert(env.d.a.phrIndex.send(p.ha, "grant", [requestId, opaqueBytes("rk", 96), sig]), "NotOwner");
    await expectRevert(env.d.a.phrIndex.send(p.hb, "refuse", [requestId, sig]), "NotOwner");
  });

  it("rejects an unknown request, an empty key and a short signature", async () => {
    const sig = await patientDecisionSig(p, requestId, "0x");
    await expectRevert(env.d.a.phrIndex.send(p.patient, "grant", [keccak256("0x01"), opaqueBytes("rk", 96), sig]), "UnknownRequest");
    await expectRevert(env.d.a.phrIndex.send(p.patient, "grant", [requestId, "0x", sig]), "EmptyReKey");
    await expectRevert(env.d.a.phrIndex.send(p.patient, "grant", [requestId, opaqueBytes("rk", 96), "0x1234"]), "BadSignatureLength");
  });

  it("re-encryption needs a grant, t members' signatures over exactly this re-encryption and the grant's own signature", async () => {
    const sig = await patientDecisionSig(p, requestId, "0x");
    const re = opaqueBytes("re", 576);
    const mark = (from: typeof p.ha, reCiphertext: Hex, patientSig: Hex, proof: Hex) => env.d.a.phrIndex.send(from, "markReEncrypted", [requestId, reCiphertext, patientSig, proof]);
    const proofBy = async (signers: typeof env.committee, reCiphertext: Hex) => reEncryptionProof(signers, await reEncryptionClaimFor(env.d, p, requestId, reCiphertext));
    await expectRevert(mark(p.submitter, re, sig, await proofBy(env.committee.slice(0, 2), re)), "RequestNotPending");
    const { patientSig } = await grantRequest(env.d, p, requestId);
    await expectRevert(mark(p.submitter, re, patientSig, await proofBy(env.committee.slice(0, 1), re)), "InsufficientSignatures");
    await expectRevert(mark(p.submitter, re, patientSig, await proofBy([env.committee[0]!, env.outsider], re)), "UnknownSigner");
    // Two members' signatures over another ciphertext do not carry over to this one.
    await expectRevert(mark(p.submitter, re, patientSig, await proofBy(env.committee.slice(0, 2), opaqueBytes("other", 576))), "UnknownSigner");
    await expectRevert(mark(p.submitter, re, flipByte(patientSig, 3), await proofBy(env.committee.slice(0, 2), re)), "EvidenceMismatch");
    await expectRevert(mark(p.submitter, "0x", patientSig, await proofBy(env.committee.slice(0, 2), "0x")), "EmptyCiphertext");
    // With the threshold's signatures anyone may submit: no single account can hold the step back.
    const tx = await mark(p.ha, re, patientSig, await proofBy(env.committee.slice(1, 3), re));
    const ev = tx.events.find((e) => e.eventName === "ReEncrypted")!;
    expect((ev.args.signers as string[]).map((x) => x.toLowerCase()).sort()).toEqual(env.committee.slice(1, 3).map((c) => c.address.toLowerCase()).sort());
  });

  it("grants exactly once", async () => {
    const sig = await patientDecisionSig(p, requestId, "0x");
    await expectRevert(env.d.a.phrIndex.send(p.patient, "grant", [requestId, opaqueBytes("rk2", 96), sig]), "RequestNotPending");
    await expectRevert(env.d.a.phrIndex.send(p.patient, "refuse", [requestId, sig]), "RequestNotPending");
  });
});

describe("delivery and acknowledgement on chain B", () => {
  it("checks the delivery proof, accepts it once and lets only the requester acknowledge", async () => {
    const { requestId, message } = await freshRequest("delivery");
    await carry(env.d, p, message);
    const { patientSig } = await grantRequest(env.d, p, requestId);
    const { message: delivery } = await logReEncryption(env.d, p, requestId, patientSig);
    const send = (m: RelayMessage, proof: Hex) => env.d.b.exchange.send(p.submitter, "deliver", [m, proof]);
    await expectRevert(send(delivery, await committeeProof(env.committee.slice(0, 1), delivery)), "InsufficientSignatures");
    const fromB = { ...delivery, srcChainId: 7002n };
    await expectRevert(send(fromB, await committeeProof(env.committee.slice(0, 2), fromB)), "WrongSourceChain");
    const proof = await committeeProof(env.committee.slice(0, 2), delivery);
    await expectRevert(send({ ...delivery, payload: flipByte(delivery.payload, 700) }, proof), "UnknownSigner");
    await send(delivery, proof);
    await expectRevert(send(delivery, proof), "RelayMessageReplayed");
    await expectRevert(env.d.b.exchange.send(p.ha, "acknowledge", [requestId, keccak256("0x02"), opaqueBytes("sig", 64)]), "NotRequester");
    await expectRevert(env.d.b.exchange.send(p.hb, "acknowledge", [requestId, keccak256("0x02"), "0x12"]), "BadSignatureLength");
    await acknowledge(env.d, p, requestId);
    await expectRevert(acknowledge(env.d, p, requestId), "RequestNotPending");
  });

  it("refuses a committee-signed delivery that answers with another request's nonce", async () => {
    const { requestId, message } = await freshRequest("nonce-swap");
    await carry(env.d, p, message);
    const { patientSig } = await grantRequest(env.d, p, requestId);
    const { message: delivery } = await logReEncryption(env.d, p, requestId, patientSig);
    const dm = decodeDeliveryMessage(delivery.payload);
    const swapped = { ...delivery, payload: encodeDeliveryMessage({ ...dm, nonce: keccak256("0x03") }) };
    await expectRevert(env.d.b.exchange.send(p.submitter, "deliver", [swapped, await committeeProof(env.committee.slice(0, 2), swapped)]), "EvidenceMismatch");
  });
});

describe("requests on chain B and anchors on chain A", () => {
  it("only registered hospitals file requests, each nonce once, with a 64-byte signature", async () => {
    const { recordId } = await anchorRecord(env.d, p, "req-checks");
    const now = await env.chains.b.now();
    const sig = opaqueBytes("edsig", 64);
    await expectRevert(env.d.b.exchange.send(p.ha, "request", [recordId, p.patient.address, keccak256("0x10"), now, sig]), "NotRegisteredHospital");
    await expectRevert(env.d.b.exchange.send(p.hb, "request", [recordId, p.patient.address, keccak256("0x10"), now, "0x1234"]), "BadSignatureLength");
    await fileRequest(env.d, p, recordId, { nonce: keccak256("0x11") });
    await expectRevert(fileRequest(env.d, p, recordId, { nonce: keccak256("0x11") }), "NonceReused");
  });

  it("refuses stale and future request timestamps on chain B", async () => {
    const { recordId } = await anchorRecord(env.d, p, "req-time");
    const now = await env.chains.b.now();
    await expectRevert(fileRequest(env.d, p, recordId, { timestamp: now - 3601n }), "StaleTimestamp");
    await expectRevert(fileRequest(env.d, p, recordId, { timestamp: now + 600n }), "FutureTimestamp");
  });

  it("anchors only by a registered hospital, for a registered patient, never over an existing record", async () => {
    await expectRevert(anchorRecord(env.d, { ...p, ha: p.hb }, "by-unregistered"), "NotRegisteredHospital");
    await expectRevert(anchorRecord(env.d, { ...p, patient: labelledAccount("not-a-patient") }, "for-unregistered"), "NotRegisteredPatient");
    const ts = await env.chains.a.now();
    const { recordId, tx } = await anchorRecord(env.d, p, "immutable", ts);
    // The id is chain A's, derived from (chain, hospital, owner, CID, device time): the same upload gets the same id.
    expect(tx.events.find((e) => e.eventName === "RecordAnchored")!.args.recordId).toBe(recordId);
    await expectRevert(anchorRecord(env.d, p, "immutable", ts), "RecordExists");
    const now = await env.chains.a.now();
    await expectRevert(anchorRecord(env.d, p, "stale-upload", now - 7200n), "StaleTimestamp");
  });
});

describe("administration", () => {
  it("only the registrar configures; committees need a majority threshold; peers are set once", async () => {
    const members = env.committee.map((c) => c.address);
    await expectRevert(env.d.a.phrIndex.send(p.ha, "setCommittee", [members, 2n]), "NotAdmin");
    await expectRevert(env.d.a.phrIndex.send(env.d.a.registrar, "setCommittee", [members, 1n]), "BadCommittee");
    await expectRevert(env.d.a.phrIndex.send(env.d.a.registrar, "setCommittee", [[members[0]!, members[0]!], 2n]), "BadCommittee");
    await expectRevert(env.d.a.phrIndex.send(env.d.a.registrar, "setPeer", [7002n, env.d.b.exchange.address]), "PeerAlreadySet");
    await expectRevert(env.d.a.registry.send(p.ha, "registerParty", [p.hb.address, 2]), "NotAdmin");
    await expectRevert(env.d.a.registry.send(env.d.a.registrar, "registerParty", [p.hb.address, 1]), "InvalidRole");
  });
});

describe("time on chain A", () => {
  it("expires a pending request and refuses a request that went stale in transit", async () => {
    const late = await deployed();
    try {
      const q = await registerParties(late.d, late.committee, "late");
      const first = await anchorRecord(late.d, q, "late/1");
      const r1 = await fileRequest(late.d, q, first.recordId);
      await carry(late.d, q, r1.message);
      const r2 = await fileRequest(late.d, q, first.recordId);
      await advanceTime(late.chains.a, 3700);
      const sig = await patientDecisionSig(q, r1.requestId, "0x");
      await expectRevert(late.d.a.phrIndex.send(q.patient, "grant", [r1.requestId, opaqueBytes("rk", 96), sig]), "RequestExpired");
      const proof = await committeeProof(late.committee.slice(0, 2), r2.message);
      await expectRevert(late.d.a.phrIndex.send(q.submitter, "acceptRequest", [r2.message, proof]), "StaleTimestamp");
    } finally {
      await late.chains.close();
    }
  });
});
