// The patient as a long-running agent. It follows chain A from a persisted cursor; each request the
// committee accepted there for one of her records becomes pending work, answered once: she checks it
// (the spec's rq2 checks, her replay set included) and grants, or refuses when her consent policy
// says no. Her replay sets (request nonces seen, data key → record) are saved with the cursor and the
// pending list in one atomic write, so a restart neither forgets a nonce nor answers a request twice
// (before acting she asks chain A whether the request is still pending). She also hands hospitals
// the reference to a record (in1), the out-of-band step that starts a share.
import { hexToBytes, type Hex } from "viem";
import type { ChainEvent } from "../chains/adapter.ts";
import { LogFollower, START, type FollowOptions, type LogCursor } from "../chains/log-follower.ts";
import { decodeRequestMessage } from "../chains/messages.ts";
import { decodedCall } from "../audit/chain-view.ts";
import { REQUEST_STATUS_A } from "../contracts/codes.ts";
import type { Patient } from "../roles/patient.ts";
import type { World } from "../roles/world.ts";
import { isInputRejection } from "../semantics/errors.ts";
import { CheckFailed } from "../semantics/violations.ts";
import type { StateStore } from "../storage/state-file.ts";
import { PendingWork } from "../storage/pending-work.ts";

/** What the patient agent persists. */
export interface PatientState {
  version: 1;
  cursor: LogCursor;
  /** RequestAccepted events for her records, not yet answered. */
  pending: ChainEvent[];
  /** Request nonces within chain B's freshness window, with their timestamps (a bare nonce: a state saved before they were kept). */
  nonces: (string | [string, string])[];
  keyOwners: [string, string][];
  granted: number;
  refused: number;
  rejected: number;
}

export const initialPatientState = (): PatientState => ({ version: 1, cursor: START, pending: [], nonces: [], keyOwners: [], granted: 0, refused: 0, rejected: 0 });

/** What one pass did. */
export interface PatientPass {
  read: number;
  granted: number;
  refused: number;
  /** Requests whose checks failed: reported once, never retried. */
  rejected: string[];
  pending: number;
}

export class PatientAgent {
  private readonly state: PatientState;
  private readonly follower: LogFollower;
  private intros = 0;
  private readonly runner: PendingWork<ChainEvent>;
  /** What answers finished since the last pass reported. */
  private readonly live: PatientPass = { read: 0, granted: 0, refused: 0, rejected: [], pending: 0 };
  private committedAt = 0;

  constructor(
    private readonly world: World,
    private readonly patient: Patient,
    private readonly store: StateStore<PatientState>,
    private readonly opts: FollowOptions & { consent?: (requester: Uint8Array, recordId: Hex) => boolean; concurrency?: number } = {},
  ) {
    this.state = store.load();
    patient.restoreReplayState(this.state);
    this.follower = new LogFollower(world.chains.a, world.deployment.a.phrIndex, opts);
    this.runner = new PendingWork((ev) => ev.transactionHash, opts.concurrency ?? 4, async (ev) => {
      const outcome = await this.answer(ev, this.live);
      this.state.pending = this.state.pending.filter((p) => p.transactionHash !== ev.transactionHash);
      this.state[outcome] += 1;
      await this.save();
    });
  }

  private async save(): Promise<void> {
    Object.assign(this.state, this.patient.replayState());
    this.committedAt = Date.now();
    await this.store.commit(this.state);
  }

  /** The record reference for a hospital (in1), after reading the record from chain A. */
  async introduce(recordId: Hex): Promise<Uint8Array> {
    const run = `intro-${this.intros++}`;
    try {
      await this.patient.observeRecord(run, recordId);
      const in1 = this.patient.introduce(run);
      await this.save();
      return in1;
    } finally {
      this.patient.endRun(run);
    }
  }

  /**
   * Read what is new on chain A, then answer the pending requests: every one attempted once before
   * returning by default; with `wait: false` (the service loop) the answers not running yet are started
   * and the pass returns, so the next poll is not held back by an answer in flight. The report counts
   * what finished since the previous pass.
   */
  async pass(opts: { wait?: boolean } = {}): Promise<PatientPass> {
    const r: PatientPass = { read: 0, granted: 0, refused: 0, rejected: [], pending: 0 };
    const me = this.patient.keys.account.address.toLowerCase();
    const phr = this.world.deployment.a.phrIndex;
    r.read = await this.follower.readInto(
      this.state,
      () => (ev) => ev.eventName === "RequestAccepted" && phr.argsOf("RequestAccepted", ev).patient.toLowerCase() === me,
      () => this.save(),
      () => this.committedAt,
    );
    await this.runner.run(() => [...this.state.pending], opts.wait ?? true);
    // Answers hold this one object and add to it as they finish: read and reset in place.
    const l = this.live;
    Object.assign(r, { granted: l.granted, refused: l.refused, rejected: l.rejected, pending: this.state.pending.length });
    Object.assign(l, { granted: 0, refused: 0, rejected: [] });
    return r;
  }

  private async answer(ev: ChainEvent, r: PatientPass): Promise<"granted" | "refused" | "rejected"> {
    const phr = this.world.deployment.a.phrIndex;
    const a = phr.argsOf("RequestAccepted", ev);
    // Answered before a crash (the grant or refusal is on chain A): nothing to do.
    const q = await phr.read("getRequest", [a.requestId]);
    if (Number(q.status) !== REQUEST_STATUS_A.pending) return Number(q.status) === REQUEST_STATUS_A.refused ? "refused" : "granted";
    const call = await decodedCall(this.world.chains.a, phr.abi, ev.transactionHash);
    const notice = { requestId: a.requestId, txHash: ev.transactionHash, proof: hexToBytes(call.args[1] as Hex), gasUsed: 0n };
    const run = `answer-${a.requestId}`;
    const consent = this.opts.consent ?? (() => true);
    try {
      await this.patient.observeRecord(run, a.recordId);
      try {
        await this.patient.receiveRequest(run, notice, (hb) => consent(hb, a.recordId));
      } catch (e) {
        if (e instanceof CheckFailed && e.checkId === "rq2.consent") {
          await this.patient.refuse(run);
          r.refused += 1;
          return "refused";
        }
        throw e;
      }
      await this.patient.grant(run);
      r.granted += 1;
      return "granted";
    } catch (e) {
      if (!isInputRejection(e)) throw e;
      r.rejected.push(`request ${a.requestId} (record ${decodeRequestMessage(a.request).recordId}): ${e.message}`);
      return "rejected";
    } finally {
      this.patient.endRun(run);
    }
  }
}
