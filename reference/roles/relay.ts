// Relay committee R: watches both chains, carries each cross-chain message with a t-of-n proof
// (logged on the relay chain), and acts as the PRE proxy: one pairing per re-encryption, never the
// plaintext. Its members are the committee; one of them submits the transactions.
import { bytesToHex, hexToBytes, type Hex, type LocalAccount } from "viem";
import { equalBytes } from "@noble/curves/utils.js";
import { recomputeReEncryption } from "../committee/reencryption-check.ts";
import type { CommitteeSigners } from "../committee/committee-signers.ts";
import { checkGrantNamesCiphertext } from "../semantics/grant.ts";
import { decodeDeliveryMessage, decodeRequestMessage, OUTCOME } from "../chains/messages.ts";
import { refusalSigner } from "../semantics/refusal.ts";
import { messageFromOutbound, type ReEncryptionClaim, type RelayMessage } from "../chains/relay-proof.ts";
import type { ChainEvent, TxResult } from "../chains/adapter.ts";
import { ProtocolViolation } from "../semantics/violations.ts";
import { u64 } from "../semantics/scalars.ts";
import { bindComputable, evaluate } from "../semantics/functions.ts";
import { edVerifyTerm, ethSigner } from "../semantics/signing.ts";
import { agentOf, atomOf, fieldTerm } from "../semantics/spec-terms.ts";
import { RoleRuns, type World } from "./world.ts";
import { encodeFromChain, eventOf, registry, requireRole, sameContract } from "./chain-reads.ts";
import type { RelayNotice } from "./notice.ts";

export class Relay extends RoleRuns {
  /** Per run: the request id on chain B and on chain A (the same id: chain B assigns it). */
  private readonly requests = new Map<string, Hex>();

  /**
   * `committee` signs (each member in its own worker, after its own checks); `submitter` only pays for
   * the transactions: anyone may submit a proof, so no single account can hold a step back.
   */
  constructor(
    world: World,
    readonly committee: CommitteeSigners,
    private readonly submitter: LocalAccount,
  ) {
    // The committee acts as one agent, known by its log contract on the relay chain.
    super(world, "R", world.deployment.relay.relayLog.address);
  }

  /** Have a threshold of members sign `m`, log it on the relay chain; returns the proof. */
  private async prove(m: RelayMessage): Promise<{ proof: Hex; log: TxResult }> {
    const proof = await this.committee.relayProof(m);
    const log = await this.world.deployment.relay.relayLog.send(this.submitter, "record", [m, proof]);
    return { proof, log };
  }

  /** Read HB's request from chain B (rq1) and carry it to chain A (rq2). */
  async carryRequest(run: string, requestTx: Hex): Promise<RelayNotice> {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const ex = this.world.deployment.b.exchange;
    const outbound = (await this.world.chains.b.events({ contract: ex, eventName: "Outbound" })).find((e) => e.transactionHash === requestTx);
    if (!outbound) throw new ProtocolViolation("E_MISSING_EVENT", `transaction ${requestTx} on chain B emitted no cross-chain request`);
    const { msg, requestId } = await this.checkRequest(run, outbound);

    const { proof } = await this.prove(msg);
    binding.set(fieldTerm(spec, "rq2", "sig_R"), hexToBytes(proof));
    const tx = await this.world.deployment.a.phrIndex.send(this.submitter, "acceptRequest", [msg, proof]);
    endpoint.send("rq2", this.faulty("rq2", binding.fieldsFor(spec.messages.find((x) => x.label === "rq2")!)), { chain: "A", txHash: tx.hash });
    endpoint.claimsAfter("rq2");
    return { requestId, txHash: tx.hash, proof: hexToBytes(proof), gasUsed: tx.gasUsed };
  }

  /**
   * Read HB's request (rq1) from its chain-B event and run the spec's checks on it, so the committee
   * never vouches for a request HB did not sign (BAN goal R-HB-requested). Returns the message to carry.
   */
  async checkRequest(run: string, outbound: ChainEvent): Promise<{ msg: RelayMessage; requestId: Hex }> {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const ex = this.world.deployment.b.exchange;
    const requestTx = outbound.transactionHash as Hex;
    const msg = messageFromOutbound(this.world.chains.b, outbound);
    const r = decodeRequestMessage(msg.payload);
    const m1 = spec.messages.find((x) => x.label === "rq1")!;
    const bytes = encodeFromChain(m1, { HB: r.requesterKey, P: r.patient, R: this.world.deployment.relay.relayLog.address, rec: r.recordId, nB: r.nonce, tsB: bytesToHex(u64(r.timestamp)), sig_HB: r.requesterSig });
    const cand = (f: Record<string, Uint8Array>) => binding.withMessage(m1, f);
    const fields = await endpoint.receive(
      "rq1",
      bytes,
      {
        sig: (f) => {
          if (!edVerifyTerm(f["HB"]!, fieldTerm(spec, "rq1", "sig_HB"), cand(f), f["sig_HB"]!)) throw new ProtocolViolation("E_BAD_SIGNATURE", "the requester's Ed25519 signature does not verify");
        },
        registered: async (f) => {
          const h = await registry(this.world).hospitalB(f["HB"]!);
          if (h.account.toLowerCase() !== r.requester.toLowerCase()) throw new ProtocolViolation("E_NOT_REGISTERED", "the request was filed by an account other than the key's registered one");
        },
        chain: () => sameContract(outbound, ex.address, "chain B's exchange"),
      },
      { chain: "B", txHash: requestTx },
    );
    binding.absorb(m1, fields);
    endpoint.claimsAfter("rq1");
    this.requests.set(run, r.requestId);
    return { msg, requestId: r.requestId };
  }

  /** Read the patient's grant from chain A (gr1), re-encrypt, and deliver to chain B (dl1). */
  async reEncryptAndDeliver(run: string): Promise<RelayNotice> {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const phr = this.world.deployment.a.phrIndex;
    const { requestId, patientSig, fields } = await this.checkGrant(run);

    const d2 = recomputeReEncryption(fields["rk_P_HB"]!, fields["pre_P"]!);
    binding.set(fieldTerm(spec, "dl1", "reenc_HB"), d2);
    binding.set(fieldTerm(spec, "dl1", "rk"), evaluate(fieldTerm(spec, "dl1", "rk"), binding));
    const reProof = await this.committee.reEncryptionProof(this.reEncryptionClaim(requestId, fields, d2));
    const marked = await phr.send(this.submitter, "markReEncrypted", [requestId, bytesToHex(d2), patientSig, reProof]);
    const msg = messageFromOutbound(this.world.chains.a, eventOf(marked.events, "Outbound", marked.hash));
    const { proof } = await this.prove(msg);
    binding.set(fieldTerm(spec, "dl1", "sig_R"), hexToBytes(proof));
    const tx = await this.world.deployment.b.exchange.send(this.submitter, "deliver", [msg, proof]);
    endpoint.send("dl1", this.faulty("dl1", binding.fieldsFor(spec.messages.find((x) => x.label === "dl1")!)), { chain: "B", txHash: tx.hash });
    endpoint.claimsAfter("dl1");
    return { requestId, txHash: tx.hash, proof: hexToBytes(proof), gasUsed: marked.gasUsed + tx.gasUsed };
  }

  /** The claim the members check and sign: the grant's key and the anchored ciphertext as read from chain A, and the result. */
  reEncryptionClaim(requestId: Hex, fields: Record<string, Uint8Array>, reCiphertext: Uint8Array): ReEncryptionClaim {
    return {
      chainId: BigInt(this.world.chains.a.profile.chainId),
      phrIndex: this.world.deployment.a.phrIndex.address,
      requestId,
      reKey: bytesToHex(fields["rk_P_HB"]!),
      ciphertext: bytesToHex(fields["pre_P"]!),
      reCiphertext: bytesToHex(reCiphertext),
    };
  }

  /**
   * Read the patient's grant for the run's request (gr1) from chain A, with the record it names, and run
   * the spec's checks on it, so the committee re-encrypts only under a grant the record's owner signed
   * for this request (BAN goal R-P-granted). Returns what the re-encryption and delivery need.
   */
  async checkGrant(run: string): Promise<{ requestId: Hex; patientSig: Hex; fields: Record<string, Uint8Array> }> {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const requestId = this.requests.get(run);
    if (!requestId) throw new ProtocolViolation("E_NO_REQUEST", `run ${run} carried no request`);
    const phr = this.world.deployment.a.phrIndex;
    const [granted] = await this.world.chains.a.events({ contract: phr, eventName: "Granted", args: { requestId } });
    if (!granted) throw new ProtocolViolation("E_NOT_GRANTED", `request ${requestId} has no grant on chain A`);
    const g = phr.argsOf("Granted", granted);
    const [anchored] = await this.world.chains.a.events({ contract: phr, eventName: "RecordAnchored", args: { recordId: g.recordId } });
    if (!anchored) throw new ProtocolViolation("E_MISSING_EVENT", `record ${g.recordId} is not anchored on chain A`);
    const rec = phr.argsOf("RecordAnchored", anchored);
    const m = spec.messages.find((x) => x.label === "gr1")!;
    const bytes = encodeFromChain(m, {
      rec: g.recordId,
      HB: bytesToHex(binding.get(agentOf("HB"))),
      nB: bytesToHex(binding.get(atomOf(spec, "nB"))),
      dev: rec.device,
      tsD: bytesToHex(u64(rec.timestamp)),
      cid: rec.cid,
      blobhash: rec.blobHash,
      pre_P: rec.preCiphertext,
      sig_HA: rec.evidence,
      rk_P_HB: g.reKey,
      sig_P: g.patientSig,
    });
    binding.set(agentOf("HA"), hexToBytes(rec.hospital));
    const cand = (f: Record<string, Uint8Array>) => {
      const c = binding.withMessage(m, f);
      c.set(fieldTerm(spec, "dl1", "rk"), evaluate(fieldTerm(spec, "dl1", "rk"), c));
      return bindComputable(fieldTerm(spec, "gr1", "sig_P"), c);
    };
    const fields = await endpoint.receive(
      "gr1",
      bytes,
      {
        sig: (f) => {
          const signer = ethSigner(fieldTerm(spec, "gr1", "sig_P"), cand(f), f["sig_P"]!);
          if (signer.toLowerCase() !== rec.owner.toLowerCase()) throw new ProtocolViolation("E_BAD_GRANT", `the grant is signed by ${signer}, not by the record's owner ${rec.owner}`);
        },
        record: async (f) => {
          checkGrantNamesCiphertext(spec, f["rk_P_HB"]!, f["pre_P"]!);
          const signer = ethSigner(fieldTerm(spec, "gr1", "sig_HA"), cand(f), f["sig_HA"]!);
          if (signer.toLowerCase() !== rec.hospital.toLowerCase()) throw new ProtocolViolation("E_BAD_SIGNATURE", "the record's anchoring signature is not its hospital's");
          await requireRole(this.world, signer, "hospital");
        },
        owner: async () => {
          if (rec.owner.toLowerCase() !== g.patient.toLowerCase()) throw new ProtocolViolation("E_NOT_OWNER", "the grant comes from someone other than the record's owner");
          await requireRole(this.world, rec.owner, "patient");
        },
        pending: async (f) => {
          const q = await phr.read("getRequest", [requestId]);
          if (!equalBytes(hexToBytes(q.nonce), f["nB"]!)) throw new ProtocolViolation("E_WRONG_NONCE", "the grant answers another request");
        },
      },
      { chain: "A", txHash: granted.transactionHash },
    );
    binding.set(agentOf("P"), hexToBytes(g.patient));
    binding.absorb(m, fields);
    endpoint.claimsAfter("gr1");
    return { requestId, patientSig: g.patientSig, fields };
  }

  /** Carry a refusal recorded on chain A to chain B (outcome "refused"; nothing is re-encrypted). */
  async carryRefusal(refusalTx: Hex): Promise<RelayNotice> {
    const phr = this.world.deployment.a.phrIndex;
    const outbound = (await this.world.chains.a.events({ contract: phr, eventName: "Outbound" })).find((e) => e.transactionHash === refusalTx);
    if (!outbound) throw new ProtocolViolation("E_MISSING_EVENT", `transaction ${refusalTx} on chain A emitted no cross-chain refusal`);
    const msg = await this.checkRefusal(outbound);
    const { proof } = await this.prove(msg);
    const tx = await this.world.deployment.b.exchange.send(this.submitter, "deliver", [msg, proof]);
    return { requestId: "0x" as Hex, txHash: tx.hash, proof: hexToBytes(proof), gasUsed: tx.gasUsed };
  }

  /**
   * Check a refusal chain A recorded: the committee vouches only for a refusal the record's owner signed
   * for the request it names (reference/semantics/refusal.ts). Returns the message to carry.
   */
  async checkRefusal(outbound: ChainEvent): Promise<RelayMessage> {
    const msg = messageFromOutbound(this.world.chains.a, outbound);
    const d = decodeDeliveryMessage(msg.payload);
    if (d.outcome !== OUTCOME.refused) throw new ProtocolViolation("E_NOT_REFUSAL", `the chain-A message for request ${d.requestId} is not a refusal`);
    const q = await this.world.deployment.b.exchange.read("getRequest", [d.requestId]);
    const hb = await this.world.deployment.b.registry.read("hospitalOf", [q.requester]);
    const signer = refusalSigner(this.world.specs.share, { recordId: d.recordId, nonce: d.nonce, requesterKey: hb.ed25519Key, patientSig: d.patientSig });
    if (q.nonce.toLowerCase() !== d.nonce.toLowerCase() || signer?.toLowerCase() !== d.patient.toLowerCase())
      throw new ProtocolViolation("E_BAD_REFUSAL", `the refusal of request ${d.requestId} recorded on chain A is not signed by the record's owner ${d.patient} for that request; not carried`);
    return msg;
  }

  /** Read HB's acknowledgement from chain B (ak1). */
  async receiveAck(run: string): Promise<void> {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const requestId = this.requests.get(run);
    if (!requestId) throw new ProtocolViolation("E_NO_REQUEST", `run ${run} carried no request`);
    const ex = this.world.deployment.b.exchange;
    const [ack] = await this.world.chains.b.events({ contract: ex, eventName: "Acknowledged", args: { requestId } });
    if (!ack) throw new ProtocolViolation("E_MISSING_EVENT", `request ${requestId} has no acknowledgement on chain B`);
    const a = ex.argsOf("Acknowledged", ack);
    const m = spec.messages.find((x) => x.label === "ak1")!;
    const bytes = encodeFromChain(m, {
      HB: bytesToHex(binding.get(agentOf("HB"))),
      rec: bytesToHex(binding.get(atomOf(spec, "rec"))),
      nB: bytesToHex(binding.get(atomOf(spec, "nB"))),
      ack: a.ackHash,
      sig_HB: a.ed25519Sig,
    });
    const cand = (f: Record<string, Uint8Array>) => binding.withMessage(m, f);
    const fields = await endpoint.receive(
      "ak1",
      bytes,
      {
        sig: (f) => {
          if (!edVerifyTerm(f["HB"]!, fieldTerm(spec, "ak1", "sig_HB"), cand(f), f["sig_HB"]!)) throw new ProtocolViolation("E_BAD_SIGNATURE", "the acknowledgement's Ed25519 signature does not verify");
        },
        nonce: async (f) => {
          const q = await ex.read("getRequest", [requestId]);
          if (!equalBytes(hexToBytes(q.nonce), f["nB"]!)) throw new ProtocolViolation("E_WRONG_NONCE", "the acknowledgement names another request");
        },
      },
      { chain: "B", txHash: ack.transactionHash },
    );
    binding.absorb(m, fields);
    endpoint.claimsAfter("ak1");
  }
}
