// Patient P: owns her records on chain A, sees requests the relay brings from chain B, checks the
// requester's chain-B certified keys, and grants (a re-encryption key bound to the request) or refuses.
import { bytesToHex, hexToBytes, type Address, type Hex } from "viem";
import { decodeSecondLevelCiphertext, encodeGt, ethSign, keccak256, preDecrypt2, systemRng, type Rng } from "../crypto/index.ts";
import { makeGrant } from "../semantics/grant.ts";
import { decodeRequestMessage } from "../chains/messages.ts";
import { verifyProof } from "../chains/relay-proof.ts";
import { equalBytes } from "@noble/curves/utils.js";
import { ProtocolViolation } from "../semantics/violations.ts";
import type { CheckHandlers } from "./endpoint.ts";
import type { PatientIdentity } from "./parties.ts";
import { u64, readU64 } from "../semantics/scalars.ts";
import { edVerifyTerm, ethSignTerm, ethSigner } from "../semantics/signing.ts";
import { bindComputable, evaluate } from "../semantics/functions.ts";
import { agentOf, atomOf, fieldTerm } from "../semantics/spec-terms.ts";
import { refusalDigest } from "../semantics/refusal.ts";
import { RoleRuns, type World } from "./world.ts";
import { ReplayWindow } from "./replay-window.ts";
import { checkFreshTimestamp, encodeFromChain, registry, requireRole, sameContract } from "./chain-reads.ts";
import type { RelayNotice } from "./notice.ts";

export class Patient extends RoleRuns {
  /** Request nonces seen within chain B's freshness window (older ones are refused as stale anyway). */
  private readonly seenNonces = new ReplayWindow();
  /** Per run: the request being answered (id and the requester's certified PRE key). */
  private readonly pending = new Map<string, { requestId: Hex; requesterPreKey: Uint8Array }>();
  /** Per run: requests she declined at the consent check, to be refused on chain A. */
  private readonly declined = new Map<string, { requestId: Hex; rec: Uint8Array; nB: Uint8Array; HB: Uint8Array }>();
  /** keccak256 of each of her records' data key m → the record id: a second record carrying the same m is a relabelled ciphertext. */
  private readonly keyOwners = new Map<string, string>();

  constructor(
    world: World,
    readonly keys: PatientIdentity,
    private readonly rng: Rng = systemRng,
  ) {
    super(world, "P", keys.account.address);
  }

  /** Forget run `run` entirely (a long-running agent's answered request); her replay sets stay. */
  override endRun(run: string): void {
    super.endRun(run);
    this.pending.delete(run);
    this.declined.delete(run);
  }

  /** Her replay sets (request nonces in the window, with their timestamps; data key → record), for a long-running agent to persist. */
  replayState(): { nonces: [string, string][]; keyOwners: [string, string][] } {
    return { nonces: this.seenNonces.entries(), keyOwners: [...this.keyOwners] };
  }

  /** Restore replay sets saved by replayState (a restarted agent must not accept a nonce it saw before). */
  restoreReplayState(s: { nonces: readonly (string | readonly [string, string])[]; keyOwners: readonly (readonly [string, string])[] }): void {
    this.seenNonces.restore(s.nonces);
    for (const [k, r] of s.keyOwners) this.keyOwners.set(k, r);
  }

  /** Read the record `recordId` anchored for her on chain A (an1). */
  async observeRecord(run: string, recordId: Hex): Promise<void> {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const phr = this.world.deployment.a.phrIndex;
    const [ev] = await this.world.chains.a.events({ contract: phr, eventName: "RecordAnchored", args: { recordId } });
    if (!ev) throw new ProtocolViolation("E_MISSING_EVENT", `no record ${recordId} is anchored on chain A`);
    const a = phr.argsOf("RecordAnchored", ev);
    const m = spec.messages.find((x) => x.label === "an1")!;
    const bytes = encodeFromChain(m, { rec: a.recordId, P: a.owner, dev: a.device, tsD: bytesToHex(u64(a.timestamp)), cid: a.cid, blobhash: a.blobHash, pre_P: a.preCiphertext, sig_HA: a.evidence });
    const cand = (f: Record<string, Uint8Array>) => binding.withMessage(m, f);
    const checks: Record<string, CheckHandlers[string]> = {
      sig: (f) => {
        const signer = ethSigner(fieldTerm(spec, "an1", "sig_HA"), cand(f), f["sig_HA"]!);
        if (signer.toLowerCase() !== a.hospital.toLowerCase()) throw new ProtocolViolation("E_BAD_SIGNATURE", `the record is signed by ${signer} but was anchored by ${a.hospital}`);
      },
      registered: () => requireRole(this.world, a.hospital, "hospital"),
      owner: (f) => {
        if (!equalBytes(f["P"]!, this.keys.id)) throw new ProtocolViolation("E_NOT_OWNER", `record ${recordId} belongs to ${bytesToHex(f["P"]!)}, not to ${this.keys.account.address}`);
      },
      chain: () => sameContract(ev, phr.address, "chain A's PHR index"),
      // Each upload draws a fresh m; the same m under another record id means the anchoring hospital
      // relabelled (or re-randomised) another record's ciphertext to get it granted under a new name.
      unique: (f) => {
        const k = bytesToHex(keccak256(encodeGt(preDecrypt2(this.keys.pre.sk, decodeSecondLevelCiphertext(f["pre_P"]!)))));
        const first = this.keyOwners.get(k);
        if (first !== undefined && first !== recordId.toLowerCase())
          throw new ProtocolViolation("E_RELABELLED", `record ${recordId}, anchored by hospital ${a.hospital}, carries the data key of record ${first}: a relabelled ciphertext; it will not be granted`);
        this.keyOwners.set(k, recordId.toLowerCase());
      },
    };
    // The pre-fix spec variant (attack gallery) has no relabelling check: run it as that spec states it.
    if (!m.checks.some((c) => c.name === "unique")) delete checks["unique"];
    const fields = await endpoint.receive("an1", bytes, checks, { chain: "A", txHash: ev.transactionHash });
    binding.set(agentOf("HA"), hexToBytes(a.hospital));
    binding.absorb(m, fields);
    endpoint.claimsAfter("an1");
  }

  /** Hand hospital B the record reference (in1, out of band). */
  introduce(run: string): Uint8Array {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const out = endpoint.send("in1", binding.fieldsFor(spec.messages.find((x) => x.label === "in1")!));
    endpoint.claimsAfter("in1");
    return out;
  }

  /** Receive the request the committee carried to chain A (rq2), with its proof. */
  async receiveRequest(run: string, notice: RelayNotice, consent: (requester: Uint8Array) => boolean = () => true): Promise<void> {
    const spec = this.world.specs.share;
    const { endpoint, binding } = this.run(spec, run);
    const phr = this.world.deployment.a.phrIndex;
    const [ev] = await this.world.chains.a.events({ contract: phr, eventName: "RequestAccepted", args: { requestId: notice.requestId } });
    if (!ev) throw new ProtocolViolation("E_MISSING_EVENT", `request ${notice.requestId} was not accepted on chain A`);
    const args = phr.argsOf("RequestAccepted", ev);
    const r = decodeRequestMessage(args.request);
    const m = spec.messages.find((x) => x.label === "rq2")!;
    const bytes = encodeFromChain(m, {
      HB: r.requesterKey,
      P: r.patient,
      R: this.world.deployment.relay.relayLog.address,
      rec: r.recordId,
      nB: r.nonce,
      tsB: bytesToHex(u64(r.timestamp)),
      sig_HB: r.requesterSig,
      sig_R: bytesToHex(notice.proof),
    });
    const cand = (f: Record<string, Uint8Array>) => binding.withMessage(m, f);
    const fields = await endpoint.receive(
      "rq2",
      bytes,
      {
        consent: (f) => {
          if (!consent(f["HB"]!)) {
            this.declined.set(run, { requestId: notice.requestId, rec: f["rec"]!, nB: f["nB"]!, HB: f["HB"]! });
            throw new ProtocolViolation("E_REFUSED", `the patient does not consent to share record ${r.recordId} with hospital ${bytesToHex(f["HB"]!)}`);
          }
        },
        proof: async (f) => {
          await verifyProof(args.digest, bytesToHex(f["sig_R"]!), this.world.deployment.committee.members, this.world.deployment.committee.threshold);
        },
        chain: async () => {
          sameContract(ev, phr.address, "chain A's PHR index");
          const [carried] = await this.world.chains.relay.events({ contract: this.world.deployment.relay.relayLog, eventName: "Carried", args: { digest: args.digest } });
          const c = carried && this.world.deployment.relay.relayLog.argsOf("Carried", carried);
          if (!c || Number(c.srcChainId) !== this.world.chains.b.profile.chainId || Number(c.dstChainId) !== this.world.chains.a.profile.chainId)
            throw new ProtocolViolation("E_WRONG_CHAIN", "the relay log does not show this request carried from chain B to chain A");
        },
        certified: async (f) => {
          const h = await registry(this.world).hospitalB(f["HB"]!);
          if (!equalBytes(h.preKey, hexToBytes(r.requesterPreKey))) throw new ProtocolViolation("E_NOT_CERTIFIED", "the requester's PRE key differs from the one chain B certifies");
        },
        sig: (f) => {
          if (!edVerifyTerm(f["HB"]!, fieldTerm(spec, "rq2", "sig_HB"), cand(f), f["sig_HB"]!))
            throw new ProtocolViolation("E_BAD_SIGNATURE", "the requester's Ed25519 signature does not verify");
        },
        replay: (f) => {
          if (this.seenNonces.has(bytesToHex(f["nB"]!))) throw new ProtocolViolation("E_REPLAY", `request nonce ${bytesToHex(f["nB"]!)} was seen before`);
        },
        ts: async (f) => {
          const { now, window } = await checkFreshTimestamp(this.world, "B", readU64(f["tsB"]!));
          this.seenNonces.prune(now, window);
        },
      },
      { chain: "A", txHash: ev.transactionHash },
    );
    this.seenNonces.add(bytesToHex(fields["nB"]!), readU64(fields["tsB"]!));
    binding.absorb(m, fields);
    this.pending.set(run, { requestId: notice.requestId, requesterPreKey: hexToBytes(r.requesterPreKey) });
    endpoint.claimsAfter("rq2");
  }

  /** Grant the pending request of `run` (gr1): rk_{P→HB} bound to (HB, rec, nB) by her signature. */
  async grant(run: string): Promise<{ txHash: Hex; gasUsed: bigint }> {
    const spec = this.world.specs.share;
    const { endpoint, binding: b } = this.run(spec, run);
    const q = this.pending.get(run);
    if (!q) throw new ProtocolViolation("E_NO_REQUEST", `run ${run} has no pending request to grant`);
    // The record-bound grant is made for the exact ciphertext anchored for this record (an1).
    const rk = makeGrant(spec, this.keys.pre.sk, b.get(fieldTerm(spec, "an1", "pre_P")), q.requesterPreKey, this.rng);
    const rkTerm = fieldTerm(spec, "gr1", "rk_P_HB");
    b.set(rkTerm, rk);
    b.set(fieldTerm(spec, "dl1", "rk"), evaluate(fieldTerm(spec, "dl1", "rk"), b));
    const sigTerm = fieldTerm(spec, "gr1", "sig_P");
    bindComputable(sigTerm, b);
    const sig = b.set(sigTerm, ethSignTerm(this.keys.eth.sk, sigTerm, b));
    const tx = await this.world.deployment.a.phrIndex.send(this.keys.account, "grant", [q.requestId, bytesToHex(rk), bytesToHex(sig)]);
    endpoint.send("gr1", this.faulty("gr1", b.fieldsFor(spec.messages.find((x) => x.label === "gr1")!)), { chain: "A", txHash: tx.hash });
    endpoint.claimsAfter("gr1");
    this.pending.delete(run);
    return { txHash: tx.hash, gasUsed: tx.gasUsed };
  }

  /** Refuse the pending request of `run`: recorded on chain A and carried to chain B; nothing is re-encrypted. */
  async refuse(run: string): Promise<{ txHash: Hex; gasUsed: bigint }> {
    const d = this.declined.get(run);
    if (!d) throw new ProtocolViolation("E_NO_REQUEST", `run ${run} has no declined request to refuse`);
    const requestId = d.requestId;
    // Not a spec message (the run ended at the consent check): signed over spec terms (reference/semantics/refusal.ts).
    const sig = ethSign(this.keys.eth.sk, refusalDigest(this.world.specs.share, { rec: d.rec, nB: d.nB, hb: d.HB }));
    const tx = await this.world.deployment.a.phrIndex.send(this.keys.account, "refuse", [requestId, bytesToHex(sig)]);
    this.declined.delete(run);
    return { txHash: tx.hash, gasUsed: tx.gasUsed };
  }
}
