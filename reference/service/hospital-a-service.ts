// Hospital A as a long-running service: it receives the firewall's upload (up2), runs HA's
// receive-side checks and anchors the record on chain A, exactly once across crashes and retries.
// An accepted upload is saved (with everything anchoring needs) before the anchor is sent; a restart
// finds it and asks chain A whether the record exists before anchoring (record ids are derived on
// chain A, so the question has one answer). The saved uploads are HA's replay set: an upload with the
// same device, device timestamp and CID as one it accepted is answered with that record's id when it
// is the same message (a device retrying after a timeout: the firewall's coins are a function of the
// device's message, so the retry arrives byte for byte) and refused as a replay (E_REPLAY) otherwise.
// An anchored (or refused) upload whose device timestamp has left chain A's freshness window is
// forgotten: HA's own freshness check refuses any copy of it as stale, and chain A refuses a second
// anchor of its record, so the replay set holds the window's uploads, not every upload ever made.
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { sha256 } from "@noble/hashes/sha2.js";
import { upload as uploadSpec } from "../../protocol/specs/medexchain.ts";
import { decodeMessage, messageOf } from "../wire/codec.ts";
import { sizeOf } from "../semantics/sizes.ts";
import { readU64 } from "../semantics/scalars.ts";
import { ProtocolViolation } from "../semantics/violations.ts";
import { isInputRejection } from "../semantics/errors.ts";
import type { AcceptedUpload, HospitalA } from "../roles/hospital-a.ts";
import type { World } from "../roles/world.ts";
import type { StateStore } from "../storage/state-file.ts";

/** An accepted upload as saved: hex bytes, so it survives the JSON state file. */
interface SavedUpload {
  /** sha256 of the up2 bytes accepted: a retry must be the same message. */
  digest: Hex;
  recordId: Hex;
  /** The upload to anchor; dropped once anchored (the replay set keeps digest and record id). */
  accepted?: Record<Exclude<keyof AcceptedUpload, "timestamp" | "replayKey">, Hex> & { timestamp: bigint };
  anchored: boolean;
  /** Chain A refused the anchor (an input rejection: a revert, say): reported once, never retried. */
  refused?: { code: string; message: string };
}

/** What HA's service persists. */
export interface HospitalAState {
  version: 1;
  /** By replay key (device / device timestamp / CID): every upload accepted, anchored or not yet. */
  uploads: Record<string, SavedUpload>;
  anchored: number;
  /** Anchors found already on chain A when HA came to send them (a crash between sending and saving). */
  foundAnchored: number;
  rejected: number;
}

export const initialHospitalAState = (): HospitalAState => ({ version: 1, uploads: {}, anchored: 0, foundAnchored: 0, rejected: 0 });

/** The answer to an upload. */
export interface UploadReceipt {
  recordId: Hex;
  /** Whether this call found the upload already accepted (a retry). */
  repeated: boolean;
}

const up2Message = messageOf(uploadSpec, "up2");

/** HA's replay key of an up2: the spec's (D, tsD, CID). */
export function uploadReplayKey(up2: Uint8Array): string {
  const f = decodeMessage(up2Message, up2, sizeOf);
  return `${bytesToHex(f["D"]!)}/${readU64(f["tsD"]!)}/${bytesToHex(f["cid"]!)}`;
}

/** Where a fault experiment can make HA's service die: after saving an accepted upload, after anchoring it (before saving that). */
export const HA_CRASH_POINTS = ["after-accept", "after-anchor"] as const;
export type HaCrashPoint = (typeof HA_CRASH_POINTS)[number];

export class HospitalAService {
  private readonly state: HospitalAState;
  /** Anchors in progress by replay key: a concurrent retry waits for the first. */
  private readonly anchoring = new Map<string, Promise<void>>();
  /** Messages being checked, by digest: the same bytes arriving again meanwhile wait for the first answer. */
  private readonly checking = new Map<Hex, Promise<UploadReceipt>>();
  private prunedAt = 0;
  private forgotten = 0;

  constructor(
    private readonly world: World,
    private readonly ha: HospitalA,
    private readonly store: StateStore<HospitalAState>,
    /** Called at each crash point (fault experiments: it may end the process). */
    private readonly crash: (p: HaCrashPoint) => void = () => undefined,
  ) {
    this.state = store.load();
  }

  /** Make the state durable (off the event loop; concurrent commits share one write): commit, then act. */
  private save(): Promise<void> {
    return this.store.commit(this.state);
  }

  /** Accepted uploads not yet anchored (nor refused by chain A). */
  pending(): number {
    return Object.values(this.state.uploads).filter((u) => !u.anchored && !u.refused).length;
  }

  /** Counters for /status. */
  counters(): Pick<HospitalAState, "anchored" | "foundAnchored" | "rejected"> & { uploads: number; pending: number; forgotten: number } {
    return { anchored: this.state.anchored, foundAnchored: this.state.foundAnchored, rejected: this.state.rejected, uploads: Object.keys(this.state.uploads).length, pending: this.pending(), forgotten: this.forgotten };
  }

  /**
   * Forget every finished upload (anchored or refused) whose device timestamp a freshness check at
   * `now` with `window` would refuse (the inequality of chain-reads.ts checkFreshTimestamp); returns how many.
   */
  async forgetStale(now: bigint, window: bigint): Promise<number> {
    let n = 0;
    for (const [key, u] of Object.entries(this.state.uploads)) {
      if (!(u.anchored || u.refused) || this.anchoring.has(key)) continue;
      const tsD = BigInt(key.split("/")[1]!);
      if (tsD + window < now) {
        delete this.state.uploads[key];
        n++;
      }
    }
    if (n) {
      this.forgotten += n;
      await this.save();
    }
    return n;
  }

  /** Receive up2 from the firewall: check it, save it, anchor it; the record id (the same on a retry). */
  async receive(up2: Uint8Array): Promise<UploadReceipt> {
    const key = uploadReplayKey(up2);
    const digest = bytesToHex(sha256(up2));
    const known = this.state.uploads[key];
    if (known) return this.repeat(key, known, digest);
    const first = this.checking.get(digest);
    if (first) return first.then((r) => ({ ...r, repeated: true }));
    const p = this.acceptAndAnchor(up2, key, digest).finally(() => this.checking.delete(digest));
    this.checking.set(digest, p);
    return p;
  }

  private async acceptAndAnchor(up2: Uint8Array, key: string, digest: Hex): Promise<UploadReceipt> {
    const run = `up-${digest.slice(2, 18)}`;
    let accepted: AcceptedUpload;
    try {
      accepted = await this.ha.acceptUpload(run, up2);
    } catch (e) {
      this.state.rejected += 1;
      this.ha.endRun(run);
      throw e;
    }
    // Another copy may have been accepted while this one was checked: the first one saved wins.
    const raced = this.state.uploads[key];
    if (raced) {
      this.ha.endRun(run);
      return this.repeat(key, raced, digest);
    }
    const recordId = this.ha.recordIdFor(accepted.patient, accepted.cid, accepted.timestamp);
    this.state.uploads[key] = { digest, recordId, anchored: false, accepted: encodeAccepted(accepted) };
    await this.save();
    this.crash("after-accept");
    await this.ensureAnchored(key, run);
    return { recordId, repeated: false };
  }

  private async repeat(key: string, known: SavedUpload, digest: Hex): Promise<UploadReceipt> {
    if (known.refused) throw new ProtocolViolation(known.refused.code, `upload (${key}) was refused by chain A: ${known.refused.message}`);
    if (known.digest !== digest) {
      this.state.rejected += 1;
      throw new ProtocolViolation("E_REPLAY", `upload (${key}) was already accepted as record ${known.recordId} in another message; a device timestamp and blob are used once`);
    }
    if (!known.anchored) await this.ensureAnchored(key, `up-${digest.slice(2, 18)}`);
    return { recordId: known.recordId, repeated: true };
  }

  /** Anchor the saved upload `key` unless chain A already has its record (once, however often called). */
  private ensureAnchored(key: string, run: string): Promise<void> {
    let p = this.anchoring.get(key);
    if (!p) {
      p = this.anchorOnce(key, run).finally(() => {
        this.anchoring.delete(key);
        this.ha.endRun(run);
      });
      this.anchoring.set(key, p);
    }
    return p;
  }

  private async anchorOnce(key: string, run: string): Promise<void> {
    const u = this.state.uploads[key]!;
    if (u.anchored || u.refused) return;
    const onChain = async () => !/^0x0{40}$/i.test(((await this.world.deployment.a.phrIndex.read("getRecord", [u.recordId])) as { owner: string }).owner);
    if (await onChain()) {
      // Sent before a crash, saved never: the chain has it, so this is done (the blob is pinned again).
      await this.world.store.put(hexToBytes(u.accepted!.blob));
      this.state.foundAnchored += 1;
    } else {
      try {
        await this.ha.anchor(run, decodeAccepted(u.accepted!, key));
        this.state.anchored += 1;
      } catch (e) {
        // A copy sent before a crash may have been mined meanwhile: then the anchor did happen.
        if (!(await onChain())) {
          // Refused (not a node down): kept as refused so that neither a pass nor a retry sends it again.
          if (isInputRejection(e)) {
            u.refused = { code: e.code, message: e.message };
            delete u.accepted;
            this.state.rejected += 1;
            await this.save();
          }
          throw e;
        }
        this.state.foundAnchored += 1;
      }
    }
    // On chain A, not yet saved as such: a crash here leaves the next process to find it there.
    this.crash("after-anchor");
    u.anchored = true;
    delete u.accepted;
    await this.save();
  }

  /** Anchor every accepted upload still pending (after a restart); returns how many it finished. */
  async pass(): Promise<{ anchored: number; pending: number }> {
    let anchored = 0;
    // Chain A's clock and window are read for this at most once a minute: nothing is urgent about forgetting.
    if (Date.now() - this.prunedAt >= 60_000) {
      this.prunedAt = Date.now();
      const phr = this.world.deployment.a.phrIndex;
      const [now, window] = await Promise.all([this.world.chains.a.now(), phr.read("freshnessWindow")]);
      await this.forgetStale(now, BigInt(window));
    }
    for (const [key, u] of Object.entries(this.state.uploads)) {
      if (u.anchored || u.refused) continue;
      try {
        await this.ensureAnchored(key, `up-${u.digest.slice(2, 18)}`);
        anchored += 1;
      } catch (e) {
        // Refused: reported once (by the call that met it) and never retried; anything else stops the pass.
        if (!isInputRejection(e)) throw e;
      }
    }
    return { anchored, pending: this.pending() };
  }
}

function encodeAccepted(u: AcceptedUpload): NonNullable<SavedUpload["accepted"]> {
  return {
    patient: bytesToHex(u.patient),
    device: bytesToHex(u.device),
    cid: bytesToHex(u.cid),
    blobHash: bytesToHex(u.blobHash),
    ciphertext: bytesToHex(u.ciphertext),
    blob: bytesToHex(u.blob),
    firewallSig: bytesToHex(u.firewallSig),
    timestamp: u.timestamp,
  };
}

function decodeAccepted(s: NonNullable<SavedUpload["accepted"]>, replayKey: string): AcceptedUpload {
  return {
    patient: hexToBytes(s.patient),
    device: hexToBytes(s.device),
    cid: hexToBytes(s.cid),
    blobHash: hexToBytes(s.blobHash),
    ciphertext: hexToBytes(s.ciphertext),
    blob: hexToBytes(s.blob),
    firewallSig: hexToBytes(s.firewallSig),
    timestamp: s.timestamp,
    replayKey,
  };
}
