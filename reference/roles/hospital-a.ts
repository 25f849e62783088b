// Source hospital HA (chain A): checks the firewall's upload, anchors the record on chain A and
// keeps its blob pinned in content-addressed storage.
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { recordIdOf } from "../chains/record-id.ts";
import { blobHash } from "../crypto/index.ts";
import { parseCid, cidFromBytes } from "../storage/cid.ts";
import { equalBytes } from "@noble/curves/utils.js";
import { ProtocolViolation } from "../semantics/violations.ts";
import type { EvmIdentity } from "./parties.ts";
import { readU64, u64 } from "../semantics/scalars.ts";
import { ethSignTerm, ethSigner } from "../semantics/signing.ts";
import { agentOf, atomOf, fieldTerm } from "../semantics/spec-terms.ts";
import { RoleRuns, type World } from "./world.ts";
import { ReplayWindow } from "./replay-window.ts";
import { checkFreshTimestamp, eventOf, registry, requireRole } from "./chain-reads.ts";
import { PhrIndexAAbi } from "../contracts/build/abi.ts";
import { eventArgs } from "../chains/typed-events.ts";

/** What HA keeps of an accepted upload until it anchors it. */
export interface AcceptedUpload {
  readonly patient: Uint8Array;
  /** The uploading device's id (part of the record context, anchored with the record). */
  readonly device: Uint8Array;
  readonly cid: Uint8Array;
  readonly blobHash: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly timestamp: bigint;
  readonly blob: Uint8Array;
  readonly firewallSig: Uint8Array;
  /** Device, device timestamp and CID: the upload is a replay once an upload with this key is anchored. */
  readonly replayKey: string;
}

export class HospitalA extends RoleRuns {
  /** Anchored uploads within chain A's freshness window (an older one is refused as stale, and chain A holds its record). */
  private readonly seenUploads = new ReplayWindow();

  constructor(
    world: World,
    private readonly me: EvmIdentity,
    private readonly firewallAddress: string,
  ) {
    super(world, "HA", me.account.address);
  }

  /** Check up2 from the firewall; returns the upload to anchor. */
  async acceptUpload(run: string, up2: Uint8Array): Promise<AcceptedUpload> {
    const spec = this.world.specs.upload;
    const { endpoint, binding } = this.run(spec, run);
    const m2 = spec.messages.find((m) => m.label === "up2")!;
    binding.set(agentOf("HA"), this.me.id);
    let blob: Uint8Array | undefined;
    const cand = (f: Record<string, Uint8Array>) => binding.withMessage(m2, f);
    const replayKey = (f: Record<string, Uint8Array>) => `${bytesToHex(f["D"]!)}/${readU64(f["tsD"]!)}/${bytesToHex(f["cid"]!)}`;
    const fields = await endpoint.receive("up2", up2, {
      sig: async (f) => {
        const signer = ethSigner(fieldTerm(spec, "up2", "sig_F"), cand(f), f["sig_F"]!);
        if (signer.toLowerCase() !== this.firewallAddress.toLowerCase()) throw new ProtocolViolation("E_BAD_SIGNATURE", `the upload is signed by ${signer}, not by the patient's firewall`);
        await requireRole(this.world, signer, "firewall");
      },
      registered: async (f) => {
        const d = await registry(this.world).device(f["D"]!);
        if (d.owner.toLowerCase() !== bytesToHex(f["P"]!).toLowerCase()) throw new ProtocolViolation("E_NOT_REGISTERED", `device is registered to ${d.owner}, not to the named patient`);
      },
      hash: async (f) => {
        blob = await this.world.store.get(cidFromBytes(f["cid"]!).toString());
        if (!equalBytes(blobHash(blob), f["blobhash"]!)) throw new ProtocolViolation("E_HASH_MISMATCH", "the blob stored under the CID does not hash to the announced blob hash");
      },
      replay: async (f) => {
        if (this.seenUploads.has(replayKey(f))) throw new ProtocolViolation("E_REPLAY", `upload (${replayKey(f)}) was already anchored`);
        // The chain remembers what this hospital anchored even when its own memory does not.
        const rec = this.recordIdFor(f["P"]!, f["cid"]!, readU64(f["tsD"]!));
        const anchored = (await this.world.deployment.a.phrIndex.read("getRecord", [rec])) as { owner: string };
        if (!/^0x0{40}$/i.test(anchored.owner)) throw new ProtocolViolation("E_REPLAY", `upload (${replayKey(f)}) is already anchored as record ${rec}`);
      },
      ts: async (f) => {
        const { now, window } = await checkFreshTimestamp(this.world, "A", readU64(f["tsD"]!));
        this.seenUploads.prune(now, window);
      },
    });
    binding.absorb(m2, fields);
    endpoint.claimsAfter("up2");
    return {
      patient: fields["P"]!,
      device: fields["D"]!,
      cid: fields["cid"]!,
      blobHash: fields["blobhash"]!,
      ciphertext: fields["rr_pre_P"]!,
      timestamp: readU64(fields["tsD"]!),
      blob: blob!,
      firewallSig: fields["sig_F"]!,
      replayKey: replayKey(fields),
    };
  }

  /** The id chain A derives for a record this hospital anchors (PhrIndexA.recordIdOf). */
  recordIdFor(patient: Uint8Array, cid: Uint8Array, timestamp: bigint): Hex {
    return recordIdOf(this.world.chains.a.profile.chainId, this.me.account.address, bytesToHex(patient), bytesToHex(cid), timestamp);
  }

  /** Anchor an accepted upload on chain A (an1) and pin its blob (fe1); returns the record id. */
  async anchor(run: string, u: AcceptedUpload): Promise<{ recordId: Hex; txHash: Hex; gasUsed: bigint }> {
    const spec = this.world.specs.share;
    const { endpoint, binding: b } = this.run(spec, run);
    const rec = hexToBytes(this.recordIdFor(u.patient, u.cid, u.timestamp));
    b.set(agentOf("HA"), this.me.id);
    b.set(agentOf("P"), u.patient);
    b.set(atomOf(spec, "rec"), rec);
    b.set(atomOf(spec, "dev"), u.device);
    b.set(atomOf(spec, "tsD"), u64(u.timestamp));
    b.set(fieldTerm(spec, "an1", "cid"), u.cid);
    b.set(fieldTerm(spec, "an1", "blobhash"), u.blobHash);
    b.set(fieldTerm(spec, "an1", "pre_P"), u.ciphertext);
    b.set(fieldTerm(spec, "fe1", "aead"), u.blob);
    const sigTerm = fieldTerm(spec, "an1", "sig_HA");
    const sig = b.set(sigTerm, ethSignTerm(this.me.eth.sk, sigTerm, b));
    const tx = await this.world.deployment.a.phrIndex.send(this.me.account, "anchor", [
      bytesToHex(u.cid),
      bytesToHex(u.blobHash),
      bytesToHex(u.ciphertext),
      bytesToHex(u.patient),
      bytesToHex(u.device),
      u.timestamp,
      bytesToHex(sig),
    ]);
    const anchored = eventArgs(PhrIndexAAbi, "RecordAnchored", eventOf(tx.events, "RecordAnchored", tx.hash));
    if (anchored.recordId.toLowerCase() !== bytesToHex(rec).toLowerCase()) throw new ProtocolViolation("E_RECORD_ID", `chain A anchored the upload as ${anchored.recordId}, not as the derived id ${bytesToHex(rec)}`);
    // Only an anchored upload is a replay: a failed anchor (reverted, or never mined) can be retried.
    this.seenUploads.add(u.replayKey, u.timestamp);
    const an1 = spec.messages.find((m) => m.label === "an1")!;
    endpoint.send("an1", this.faulty("an1", b.fieldsFor(an1)), { chain: "A", txHash: tx.hash });
    endpoint.claimsAfter("an1");
    // Storage is content-addressed: pinning the same bytes again is a no-op, and proves HA holds them.
    const cid = await this.world.store.put(u.blob);
    if (cid !== parseCid(cid).toString()) throw new ProtocolViolation("E_STORAGE", "the store returned a non-canonical CID");
    endpoint.send("fe1", b.fieldsFor(spec.messages.find((m) => m.label === "fe1")!), { chain: "storage" });
    endpoint.claimsAfter("fe1");
    return { recordId: bytesToHex(rec), txHash: tx.hash, gasUsed: tx.gasUsed };
  }
}
