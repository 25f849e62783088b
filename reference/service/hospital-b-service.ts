// Hospital B as a long-running service. A share starts when it is handed a patient's record
// reference (in1) under a share id the caller chose: it draws the request nonce, saves it, and only
// then files the request on chain B, so after a crash it finds its own request by that nonce instead
// of filing a second one. It follows chain B from a persisted cursor; each delivery for one of its
// requests becomes pending work, done once: check the delivery (dl1), fetch and open the blob (fe1),
// acknowledge (ak1). A share leaves the state when acknowledged (or refused by the patient), so the
// state holds only shares in flight.
import { bytesToHex, hexToBytes, type Hex } from "viem";
import type { ChainEvent } from "../chains/adapter.ts";
import { LogFollower, START, type FollowOptions, type LogCursor } from "../chains/log-follower.ts";
import { decodedCall } from "../audit/chain-view.ts";
import { REQUEST_STATUS_B } from "../contracts/codes.ts";
import type { HospitalB } from "../roles/hospital-b.ts";
import type { World } from "../roles/world.ts";
import { systemRng, type Rng } from "../crypto/index.ts";
import { isInputRejection } from "../semantics/errors.ts";
import type { StateStore } from "../storage/state-file.ts";
import { PendingWork } from "../storage/pending-work.ts";

/** A share in flight. */
export interface ShareInFlight {
  in1: Hex;
  nonce: Hex;
  requestId?: Hex;
  /** When it was handed over (ms since the epoch), for latency. */
  startedAt: number;
}

/** What HB's service persists. */
export interface HospitalBState {
  version: 1;
  cursor: LogCursor;
  shares: Record<string, ShareInFlight>;
  /** Delivered events for its requests, not yet acknowledged. */
  pending: ChainEvent[];
  acknowledged: number;
  refused: number;
  rejected: number;
}

export const initialHospitalBState = (): HospitalBState => ({ version: 1, cursor: START, shares: {}, pending: [], acknowledged: 0, refused: 0, rejected: 0 });

/** What one pass did. */
export interface HospitalBPass {
  read: number;
  acknowledged: { shareId: string; requestId: Hex; latencyMs: number }[];
  refused: number;
  rejected: string[];
  pending: number;
}

export class HospitalBService {
  private readonly state: HospitalBState;
  private readonly follower: LogFollower;
  /** Share ids whose request is being filed right now (a repeated call waits for the first). */
  private readonly filing = new Map<string, Promise<Hex>>();
  private committedAt = 0;
  private readonly runner: PendingWork<ChainEvent>;
  /** What deliveries finished since the last pass reported. */
  private readonly live: HospitalBPass = { read: 0, acknowledged: [], refused: 0, rejected: [], pending: 0 };

  constructor(
    private readonly world: World,
    private readonly hb: HospitalB,
    private readonly store: StateStore<HospitalBState>,
    private readonly opts: FollowOptions & { concurrency?: number; rng?: Rng } = {},
  ) {
    this.state = store.load();
    this.follower = new LogFollower(world.chains.b, world.deployment.b.exchange, opts);
    this.runner = new PendingWork((ev) => ev.transactionHash, opts.concurrency ?? 4, async (ev) => {
      const outcome = await this.finish(ev, this.live);
      this.state.pending = this.state.pending.filter((p) => p.transactionHash !== ev.transactionHash);
      this.state[outcome] += 1;
      await this.save();
    });
  }

  private async save(): Promise<void> {
    this.committedAt = Date.now();
    await this.store.commit(this.state);
  }

  /** Shares handed over and not yet finished. */
  inFlight(): number {
    return Object.keys(this.state.shares).length;
  }

  /** Start share `shareId` with the patient's record reference; returns the request id (the same on a repeated call). */
  async share(shareId: string, in1: Uint8Array): Promise<Hex> {
    const done = this.state.shares[shareId]?.requestId;
    if (done) return done;
    let p = this.filing.get(shareId);
    if (!p) {
      p = this.file(shareId, in1).finally(() => this.filing.delete(shareId));
      this.filing.set(shareId, p);
    }
    return p;
  }

  private async file(shareId: string, in1: Uint8Array): Promise<Hex> {
    let s = this.state.shares[shareId];
    // A nonce drawn just now cannot be on chain B yet: only a share known from before can have been filed.
    const known = s !== undefined;
    if (!s) {
      s = { in1: bytesToHex(in1), nonce: bytesToHex((this.opts.rng ?? systemRng)(32)), startedAt: Date.now() };
      this.state.shares[shareId] = s;
      await this.save();
    }
    const run = `share-${shareId}`;
    await this.hb.receiveIntro(run, hexToBytes(s.in1));
    // Filed before a crash? Its nonce is on chain B.
    const requestId = (known ? await this.hb.adoptRequest(run, hexToBytes(s.nonce)) : undefined) ?? (await this.hb.request(run, hexToBytes(s.nonce))).requestId;
    s.requestId = requestId;
    await this.save();
    return requestId;
  }

  /** Read what is new on chain B, then finish every pending delivery. */
  async pass(opts: { wait?: boolean } = {}): Promise<HospitalBPass> {
    const r: HospitalBPass = { read: 0, acknowledged: [], refused: 0, rejected: [], pending: 0 };
    const ex = this.world.deployment.b.exchange;
    r.read = await this.follower.readInto(
      this.state,
      () => {
        const mine = new Set(Object.values(this.state.shares).flatMap((s) => (s.requestId ? [s.requestId.toLowerCase()] : [])));
        return (ev) => ev.eventName === "Delivered" && mine.has(ex.argsOf("Delivered", ev).requestId.toLowerCase());
      },
      () => this.save(),
      () => this.committedAt,
    );
    // With `wait: false` (the service loop) deliveries not being finished yet are started and the pass
    // returns, so the next poll is not held back by one in flight; by default every one is attempted first.
    await this.runner.run(() => [...this.state.pending], opts.wait ?? true);
    // Deliveries hold this one object and add to it as they finish: read and reset in place.
    const l = this.live;
    Object.assign(r, { acknowledged: l.acknowledged, refused: l.refused, rejected: l.rejected, pending: this.state.pending.length });
    Object.assign(l, { acknowledged: [], refused: 0, rejected: [] });
    return r;
  }

  private async finish(ev: ChainEvent, r: HospitalBPass): Promise<"acknowledged" | "refused" | "rejected"> {
    const ex = this.world.deployment.b.exchange;
    const requestId = ex.argsOf("Delivered", ev).requestId;
    const [shareId, s] = Object.entries(this.state.shares).find(([, x]) => x.requestId?.toLowerCase() === requestId.toLowerCase()) ?? [];
    if (!shareId || !s) return "rejected";
    const run = `share-${shareId}`;
    const close = (outcome: "acknowledged" | "refused" | "rejected") => {
      delete this.state.shares[shareId];
      this.hb.endRun(run);
      return outcome;
    };
    const q = await ex.read("getRequest", [requestId]);
    if (Number(q.status) === REQUEST_STATUS_B.acknowledged) return close("acknowledged");
    try {
      // After a restart the run is rebuilt from what was saved and what chain B shows.
      if (!this.hb.requestOf(run)) {
        await this.hb.receiveIntro(run, hexToBytes(s.in1));
        await this.hb.adoptRequest(run, hexToBytes(s.nonce));
      }
      const call = await decodedCall(this.world.chains.b, ex.abi, ev.transactionHash);
      await this.hb.receiveDelivery(run, { requestId, txHash: ev.transactionHash, proof: hexToBytes(call.args[1] as Hex), gasUsed: 0n });
      await this.hb.fetchRecord(run);
      await this.hb.acknowledge(run);
    } catch (e) {
      if (!isInputRejection(e)) throw e;
      if ((e as { code?: string }).code === "E_REFUSED" || /E_REFUSED|patient refused/.test(e.message)) {
        r.refused += 1;
        return close("refused");
      }
      r.rejected.push(`delivery for request ${requestId}: ${e.message}`);
      return close("rejected");
    }
    r.acknowledged.push({ shareId, requestId, latencyMs: Date.now() - s.startedAt });
    return close("acknowledged");
  }
}
