// Requesting hospital HB (chain B, Ed25519 identity): files a request with a fresh nonce, checks
// the relayed delivery (committee proof, the patient's grant on a foreign chain, its own nonce),
// decrypts the data key, fetches and opens the blob, and acknowledges on chain B.
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { equalBytes } from "@noble/curves/utils.js";
import { blobHash, decodeFirstLevelCiphertext, encodeGt, openBlob, preDecrypt1, systemRng, type Rng } from "../crypto/index.ts";
import { decodeDeliveryMessage, OUTCOME, type DeliveryMessage } from "../chains/messages.ts";
import { refusalSigner } from "../semantics/refusal.ts";
import { verifyProof } from "../chains/relay-proof.ts";
import { cidFromBytes } from "../storage/cid.ts";
import { ProtocolViolation } from "../semantics/violations.ts";
import type { HospitalBKeys } from "./parties.ts";
import { u64 } from "../semantics/scalars.ts";
import { edSignTerm, ethSigner } from "../semantics/signing.ts";
import { evaluate } from "../semantics/functions.ts";
import { agentOf, atomOf, fieldTerm } from "../semantics/spec-terms.ts";
import { RoleRuns, type World } from "./world.ts";
import { encodeFromChain, requireRole, sameContract } from "./chain-reads.ts";
import type { RelayNotice } from "./notice.ts";
import { blobAd, blobKey, type BlobContext } from "./record-context.ts";
import { recordIdOf } from "../chains/record-id.ts";
import { readU64 } from "../semantics/scalars.ts";
import { decodeGt } from "../crypto/index.ts";

export class HospitalB extends RoleRuns {
  private readonly requests = new Map<string, Hex>();
  private readonly keys: Map<string, Uint8Array> = new Map();

  constructor(
    world: World,
    private readonly me: HospitalBKeys,
    private readonly rng: Rng = systemRng,
  ) {
    super(world, "HB", bytesToHex(me.id));
  }

  /** The patient's record reference, handed over out of band (in1). */
  async receiveIntro(run: string, in1: Uint8Array): Promise<void> {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const fields = await endpoint.receive("in1", in1, {
      registered: (f) => requireRole(this.world, bytesToHex(f["P"]!), "patient"),
    });
    binding.absorb(spec.messages.find((m) => m.label === "in1")!, fields);
    endpoint.claimsAfter("in1");
  }

  /** File the request on chain B (rq1); returns its request id. */
  async request(run: string, nonce?: Uint8Array): Promise<{ requestId: Hex; txHash: Hex; gasUsed: bigint }> {
    const spec = this.world.specs.share;
    const { endpoint, binding: b } = this.run(spec, run);
    b.set(agentOf("HB"), this.me.id);
    // A long-running HB draws the nonce before filing and saves it, so after a crash it can tell whether
    // the request went out (its nonce is on chain B) and file it at most once.
    const nB = b.set(atomOf(spec, "nB"), this.world.faults.fixedNonce ?? nonce ?? this.rng(32));
    const tsB = await this.world.chains.b.now();
    b.set(atomOf(spec, "tsB"), u64(tsB));
    const sigTerm = fieldTerm(spec, "rq1", "sig_HB");
    const sig = b.set(sigTerm, edSignTerm(this.me.ed.sk, sigTerm, b));
    const tx = await this.world.deployment.b.exchange.send(this.me.account, "request", [
      bytesToHex(b.get(atomOf(spec, "rec"))),
      bytesToHex(b.get(agentOf("P"))),
      bytesToHex(nB),
      tsB,
      bytesToHex(sig),
    ]);
    const filed = tx.events.find((e) => e.eventName === "RequestFiled");
    if (!filed) throw new ProtocolViolation("E_MISSING_EVENT", `request transaction ${tx.hash} emitted no RequestFiled event`);
    const requestId = this.world.deployment.b.exchange.argsOf("RequestFiled", filed).requestId;
    this.requests.set(run, requestId);
    endpoint.send("rq1", this.faulty("rq1", b.fieldsFor(spec.messages.find((m) => m.label === "rq1")!)), { chain: "B", txHash: tx.hash });
    endpoint.claimsAfter("rq1");
    return { requestId, txHash: tx.hash, gasUsed: tx.gasUsed };
  }

  /**
   * Take up, in run `run` (after receiveIntro), the request with nonce `nonce` this hospital filed on chain
   * B for the run's record — a restarted service resuming its run. Returns its id, or undefined if no such
   * request was filed.
   */
  async adoptRequest(run: string, nonce: Uint8Array): Promise<Hex | undefined> {
    const spec = this.world.specs.share;
    const { binding: b } = this.run(spec, run);
    const ex = this.world.deployment.b.exchange;
    const filed = await this.world.chains.b.events({ contract: ex, eventName: "RequestFiled", args: { requester: this.me.account.address, recordId: bytesToHex(b.get(atomOf(spec, "rec"))) } });
    const mine = filed.map((e) => ex.argsOf("RequestFiled", e)).find((a) => equalBytes(hexToBytes(a.nonce), nonce));
    if (!mine) return undefined;
    b.set(agentOf("HB"), this.me.id);
    b.set(atomOf(spec, "nB"), nonce);
    b.set(atomOf(spec, "tsB"), u64(mine.timestamp));
    b.set(fieldTerm(spec, "rq1", "sig_HB"), hexToBytes(mine.ed25519Sig));
    this.requests.set(run, mine.requestId);
    return mine.requestId;
  }

  /** Check the delivery the committee carried to chain B (dl1) and recover the data key. */
  async receiveDelivery(run: string, notice: RelayNotice): Promise<void> {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const ex = this.world.deployment.b.exchange;
    const [ev] = await this.world.chains.b.events({ contract: ex, eventName: "Delivered", args: { requestId: notice.requestId } });
    if (!ev) throw new ProtocolViolation("E_MISSING_EVENT", `nothing was delivered for request ${notice.requestId} on chain B`);
    const args = ex.argsOf("Delivered", ev);
    const d = decodeDeliveryMessage(args.delivery);
    if (d.outcome !== OUTCOME.granted) throw this.refusal(run, notice.requestId, d);
    const m = spec.messages.find((x) => x.label === "dl1")!;
    const bytes = encodeFromChain(m, {
      rec: d.recordId,
      HB: bytesToHex(this.me.id),
      nB: d.nonce,
      cid: d.cid,
      blobhash: d.blobHash,
      reenc_HB: d.reCiphertext,
      rk: d.reKeyHash,
      sig_P: d.patientSig,
      sig_R: bytesToHex(notice.proof),
    });
    const cand = (f: Record<string, Uint8Array>) => binding.withMessage(m, f);
    // The grant names the record's anchoring hospital: read it from chain A's public record.
    const record = await this.world.deployment.a.phrIndex.read("getRecord", [d.recordId]);
    binding.set(agentOf("HA"), hexToBytes(record.hospital));
    let dataKey: Uint8Array | undefined;
    const fields = await endpoint.receive(
      "dl1",
      bytes,
      {
        proof: async (f) => {
          await verifyProof(args.digest, bytesToHex(f["sig_R"]!), this.world.deployment.committee.members, this.world.deployment.committee.threshold);
        },
        chain: async () => {
          sameContract(ev, ex.address, "chain B's exchange");
          const [carried] = await this.world.chains.relay.events({ contract: this.world.deployment.relay.relayLog, eventName: "Carried", args: { digest: args.digest } });
          const c = carried && this.world.deployment.relay.relayLog.argsOf("Carried", carried);
          if (!c || Number(c.srcChainId) !== this.world.chains.a.profile.chainId || Number(c.dstChainId) !== this.world.chains.b.profile.chainId)
            throw new ProtocolViolation("E_WRONG_CHAIN", "the relay log does not show this delivery carried from chain A to chain B");
        },
        grant: (f) => {
          const signer = ethSigner(fieldTerm(spec, "dl1", "sig_P"), cand(f), f["sig_P"]!);
          if (signer.toLowerCase() !== d.patient.toLowerCase() || !equalBytes(hexToBytes(d.patient), binding.get(agentOf("P"))))
            throw new ProtocolViolation("E_BAD_GRANT", `the grant is signed by ${signer}, not by the record's owner`);
        },
        nonce: (f) => {
          if (!equalBytes(f["nB"]!, binding.get(atomOf(spec, "nB")))) throw new ProtocolViolation("E_WRONG_NONCE", "the delivery does not answer this hospital's request nonce (stale or replayed grant)");
          if (!equalBytes(f["rec"]!, binding.get(atomOf(spec, "rec")))) throw new ProtocolViolation("E_WRONG_RECORD", "the delivery is for another record");
        },
        // The blob's context (device, hospital, patient, tsD) must be the anchored one: the record id is
        // chain A's derivation from (HA, P, CID, tsD), and the grant signature (checked above) covers the
        // device and tsD the patient handed over in in1 — so none of them is taken on trust.
        context: (f) => {
          const derived = recordIdOf(this.world.chains.a.profile.chainId, bytesToHex(binding.get(agentOf("HA"))), bytesToHex(binding.get(agentOf("P"))), bytesToHex(f["cid"]!), readU64(binding.get(atomOf(spec, "tsD"))));
          if (!equalBytes(hexToBytes(derived), f["rec"]!))
            throw new ProtocolViolation("E_RECORD_CONTEXT", `record ${bytesToHex(f["rec"]!)} is not chain A's id for (hospital, patient, CID, device timestamp) = ${derived}: the record context HB was given is not the anchored one`);
        },
        decrypt: (f) => {
          dataKey = encodeGt(preDecrypt1(this.me.pre.sk, decodeFirstLevelCiphertext(f["reenc_HB"]!)));
        },
      },
      { chain: "B", txHash: ev.transactionHash },
    );
    binding.absorb(m, fields);
    binding.set(atomOf(spec, "m"), dataKey!);
    this.keys.set(run, dataKey!);
    endpoint.claimsAfter("dl1");
  }

  /**
   * What a delivered refusal means for this run. It is taken as the patient's only when she signed it for
   * this hospital's own request; otherwise it is a forged refusal, reported as such.
   */
  private refusal(run: string, requestId: Hex, d: DeliveryMessage): ProtocolViolation {
    const { binding } = this.run(this.world.specs.share, run);
    const spec = this.world.specs.share;
    const signer = refusalSigner(spec, { recordId: d.recordId, nonce: d.nonce, requesterKey: this.me.id, patientSig: d.patientSig });
    const ours = binding.has(atomOf(spec, "nB")) && equalBytes(hexToBytes(d.nonce), binding.get(atomOf(spec, "nB")));
    if (!ours || signer === undefined || signer.toLowerCase() !== d.patient.toLowerCase())
      return new ProtocolViolation("E_BAD_REFUSAL", `the refusal delivered for request ${requestId} is not signed by the record's owner ${d.patient} for this hospital's request; treat it as forged and report it to the auditor (medexchain audit)`);
    return new ProtocolViolation("E_REFUSED", `the patient refused request ${requestId} (her signature on the refusal verifies)`);
  }

  /** Fetch the blob by CID (fe1), check its hash and open it; returns the PHR. */
  async fetchRecord(run: string): Promise<Uint8Array> {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const cid = cidFromBytes(binding.get(fieldTerm(spec, "dl1", "cid"))).toString();
    const blob = await this.world.store.get(cid);
    const m = spec.messages.find((x) => x.label === "fe1")!;
    let phr: Uint8Array | undefined;
    const fields = await endpoint.receive("fe1", encodeFromChain(m, { aead: bytesToHex(blob) }), {
      hash: (f) => {
        if (!equalBytes(blobHash(f["aead"]!), binding.get(fieldTerm(spec, "dl1", "blobhash")))) throw new ProtocolViolation("E_HASH_MISMATCH", "the fetched blob does not hash to the anchored blob hash");
      },
      aead: (f) => {
        phr = openBlob(blobKey(decodeGt(binding.get(atomOf(spec, "m"))), this.context(run)), f["aead"]!, blobAd(this.context(run)));
      },
    }, { chain: "storage" });
    binding.absorb(m, fields);
    binding.set(atomOf(spec, "phr"), phr!);
    endpoint.claimsAfter("fe1");
    return phr!;
  }

  /** The record context of the run's blob, as checked at dl1 (in1's device and tsD, the anchoring hospital, the patient). */
  private context(run: string): BlobContext {
    const spec = this.world.specs.share;
    const { binding } = this.run(spec, run);
    return { device: binding.get(atomOf(spec, "dev")), hospital: binding.get(agentOf("HA")), patient: binding.get(agentOf("P")), timestamp: readU64(binding.get(atomOf(spec, "tsD"))) };
  }

  /** Acknowledge on chain B what was received (ak1). */
  async acknowledge(run: string): Promise<{ txHash: Hex; gasUsed: bigint }> {
    const spec = this.world.specs.share;
    const { endpoint, binding: b } = this.run(spec, run);
    const requestId = this.requests.get(run);
    if (!requestId) throw new ProtocolViolation("E_NO_REQUEST", `run ${run} filed no request`);
    const ackTerm = fieldTerm(spec, "ak1", "ack");
    const ack = b.set(ackTerm, evaluate(ackTerm, b));
    const sigTerm = fieldTerm(spec, "ak1", "sig_HB");
    const sig = b.set(sigTerm, edSignTerm(this.me.ed.sk, sigTerm, b));
    const tx = await this.world.deployment.b.exchange.send(this.me.account, "acknowledge", [requestId, bytesToHex(ack), bytesToHex(sig)]);
    endpoint.send("ak1", this.faulty("ak1", b.fieldsFor(spec.messages.find((m) => m.label === "ak1")!)), { chain: "B", txHash: tx.hash });
    endpoint.claimsAfter("ak1");
    return { txHash: tx.hash, gasUsed: tx.gasUsed };
  }

  /** Forget run `run` entirely (a long-running service's finished share). */
  override endRun(run: string): void {
    super.endRun(run);
    this.requests.delete(run);
    this.keys.delete(run);
  }

  /** The request id filed in a run. */
  requestOf(run: string): Hex | undefined {
    return this.requests.get(run);
  }
}
