// The relay committee as a long-running service that can die at any moment and resume. It follows
// chain B's exchange and chain A's PHR index from persisted cursors (reference/chains/log-follower.ts):
// each new request on B, grant on A and answer on A becomes a pending work item, saved together with
// the cursor in one atomic state write (reference/storage/state-file.ts). A pass first reads what is
// new, then works the pending items: carry a request, re-encrypt under a grant, carry an answer. An
// item leaves the pending list when it is done or refused, so finished and refused work is never
// looked at again; an item whose step failed on infrastructure (a node down) stays and is retried.
// Every step asks the chains first whether it was already done (the contracts' replay protection
// consumes each source step once), so an item repeated after a crash is done at most once.
// Before vouching for anything it runs the spec's receive-side checks, as the in-process relay role
// does (reference/roles/relay.ts): a request HB did not sign is not carried to chain A, and a grant the
// record's owner did not sign for that request is not re-encrypted. Both are reported as refused.
import { bytesToHex, type Hex, type LocalAccount } from "viem";
import type { ChainEvent, ChainSet } from "../chains/adapter.ts";
import type { MedExChainDeployment } from "../chains/deploy.ts";
import { ContractRevertError } from "../chains/errors.ts";
import { LogFollower, mustCommitCursor, START, type FollowOptions, type LogCursor } from "../chains/log-follower.ts";
import { messageFromOutbound, type RelayMessage } from "../chains/relay-proof.ts";
import { recomputeReEncryption } from "../committee/reencryption-check.ts";
import type { CommitteeSigners } from "../committee/committee-signers.ts";
import { decodeDeliveryMessage, OUTCOME } from "../chains/messages.ts";
import { REQUEST_STATUS_A } from "../contracts/codes.ts";
import { isInputRejection } from "../semantics/errors.ts";
import { Relay } from "../roles/relay.ts";
import { makeWorld } from "../roles/world.ts";
import { MemoryBlobStore } from "../storage/memory-blob-store.ts";
import { MemoryState, type StateStore } from "../storage/state-file.ts";
import { PendingWork } from "../storage/pending-work.ts";

/** Points where a test can make the relay process die (exit code 137, as if killed). */
export const CRASH_POINTS = ["after-record:request", "after-accept", "after-mark", "after-record:delivery", "after-deliver"] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** What one pass did. */
export interface PassReport {
  recorded: number;
  accepted: number;
  reEncrypted: number;
  delivered: number;
  /** Steps refused on their checks or by a destination contract, each reported once and never retried. */
  refused: string[];
  /** Events read from the chains in this pass. */
  read: number;
  /** Work items left pending after this pass (their step failed on infrastructure and is retried). */
  pending: number;
}

/** One piece of work found on a chain. */
export interface WorkItem {
  kind: "request" | "grant" | "delivery";
  event: ChainEvent;
}

/** What the relay service persists in its data directory. */
export interface RelayState {
  version: 1;
  cursors: { b: LogCursor; a: LogCursor };
  pending: WorkItem[];
  /** Items finished and refused since the state was created (counts only: nothing grows per share). */
  finished: number;
  refused: number;
}

/** A relay state that has read nothing. */
export const initialRelayState = (): RelayState => ({ version: 1, cursors: { b: START, a: START }, pending: [], finished: 0, refused: 0 });

/** Options of the relay service. */
export interface RelayServiceOptions extends FollowOptions {
  /** Where the state lives (default: memory, i.e. the service starts from the chains' beginning). */
  store?: StateStore<RelayState>;
  /** Pending items worked at once (default 8): checks and committee signatures overlap, submissions queue. */
  concurrency?: number;
}

const SOURCE: Record<WorkItem["kind"], "a" | "b"> = { request: "b", grant: "a", delivery: "a" };
const itemKey = (i: WorkItem) => `${i.kind}:${i.event.transactionHash}:${i.event.logIndex}`;

/** The relay service over one deployment. */
export class RelayService {
  private readonly store: StateStore<RelayState>;
  private readonly state: RelayState;
  private readonly fromB: LogFollower;
  private readonly fromA: LogFollower;
  private readonly concurrency: number;
  private readonly submitters: LocalAccount[];
  private turn = 0;
  private committedAt = 0;
  private readonly runner: PendingWork<WorkItem>;
  private checker: Relay | undefined;
  /** What items finished since the last pass reported (items may finish after the pass that started them). */
  private readonly live: PassReport = { recorded: 0, accepted: 0, reEncrypted: 0, delivered: 0, refused: [], read: 0, pending: 0 };

  constructor(
    private readonly chains: ChainSet,
    private readonly d: MedExChainDeployment,
    private readonly committee: CommitteeSigners,
    submitter: LocalAccount | readonly LocalAccount[],
    private readonly crash: (point: CrashPoint) => void = () => {},
    opts: RelayServiceOptions = {},
  ) {
    // Several submitting accounts let items' transactions go out side by side (each account's own are
    // sent in order); a proof is what the contracts check, not who submits it.
    this.submitters = Array.isArray(submitter) ? [...(submitter as readonly LocalAccount[])] : [submitter as LocalAccount];
    this.store = opts.store ?? new MemoryState(initialRelayState);
    this.state = this.store.load();
    this.fromB = new LogFollower(chains.b, d.b.exchange, opts);
    this.fromA = new LogFollower(chains.a, d.a.phrIndex, opts);
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.runner = new PendingWork(itemKey, this.concurrency, async (item) => {
      const checker = this.checker!;
      const outcome = await this.work(item, checker, this.live);
      await this.settle(item, outcome);
    });
  }

  /** The state as last saved (for tests and status lines). */
  snapshot(): RelayState {
    return structuredClone(this.state);
  }

  /**
   * Read what is new on the chains, then work the pending items. By default the pass waits until every
   * pending item was attempted once (a test's or a one-shot caller's pass). With `wait: false` (the
   * service loop) it starts what is not running yet and returns: items run on across passes, so a new
   * event is picked up by the next poll rather than after the slowest item in flight has finished. The
   * report counts what finished since the previous pass.
   */
  async pass(opts: { wait?: boolean } = {}): Promise<PassReport> {
    let read = await this.follow(this.fromB, "b", (ev) => (ev.eventName === "Outbound" ? "request" : undefined));
    read += await this.follow(this.fromA, "a", (ev) => (ev.eventName === "Granted" ? "grant" : ev.eventName === "Outbound" ? "delivery" : undefined));
    // The spec's checks run on a relay role of the items started in this pass only: nothing carries over.
    this.checker = new Relay(makeWorld(this.chains, this.d, new MemoryBlobStore()), this.committee, this.submitters[0]!);
    // A node down or restarting: what finished is saved; the rest is retried on a later pass.
    await this.runner.run(() => [...this.state.pending], opts.wait ?? true);
    // Items hold this one object and add to its fields as they finish: read and reset in place.
    const l = this.live;
    const r: PassReport = { recorded: l.recorded, accepted: l.accepted, reEncrypted: l.reEncrypted, delivered: l.delivered, refused: l.refused, read, pending: this.state.pending.length };
    Object.assign(l, { recorded: 0, accepted: 0, reEncrypted: 0, delivered: 0, refused: [] });
    return r;
  }

  /** Read new events from one contract into pending work and move the cursor, in one state write per batch. */
  private async follow(f: LogFollower, which: "a" | "b", kindOf: (ev: ChainEvent) => WorkItem["kind"] | undefined): Promise<number> {
    let read = 0;
    for (;;) {
      const { events, cursor, more, rewound } = await f.poll(this.state.cursors[which]);
      // The chain's history changed under the cursor: what was read from it may no longer exist there.
      // It is read again from the beginning; finished steps show as consumed on chain and are skipped.
      if (rewound) this.state.pending = this.state.pending.filter((i) => SOURCE[i.kind] !== which);
      const known = new Set(this.state.pending.map(itemKey));
      for (const event of events) {
        const kind = kindOf(event);
        if (!kind) continue;
        const item = { kind, event };
        if (!known.has(itemKey(item))) this.state.pending.push(item);
      }
      this.state.cursors[which] = cursor;
      if (mustCommitCursor({ events, rewound }, this.committedAt)) await this.commit();
      read += events.length;
      if (!more) return read;
    }
  }

  private async settle(item: WorkItem, outcome: "done" | "refused"): Promise<void> {
    const key = itemKey(item);
    this.state.pending = this.state.pending.filter((x) => itemKey(x) !== key);
    if (outcome === "done") this.state.finished += 1;
    else this.state.refused += 1;
    await this.commit();
  }

  private async commit(): Promise<void> {
    this.committedAt = Date.now();
    await this.store.commit(this.state);
  }

  private async work(item: WorkItem, checker: Relay, r: PassReport): Promise<"done" | "refused"> {
    const ev = item.event;
    const submitter = this.submitters[this.turn++ % this.submitters.length]!;
    if (item.kind === "request") return this.carry(submitter, messageFromOutbound(this.chains.b, ev), "request", r, () => checker.checkRequest(`carry-${ev.transactionHash}`, ev));
    if (item.kind === "grant") return this.reEncrypt(submitter, ev, checker, r);
    // Deliveries of re-encryptions were checked before re-encrypting; refusals are checked here.
    const m = messageFromOutbound(this.chains.a, ev);
    const refusal = decodeDeliveryMessage(m.payload).outcome === OUTCOME.refused;
    return this.carry(submitter, m, "delivery", r, refusal ? () => checker.checkRefusal(ev) : undefined);
  }

  /** Run a step's checks; a message that fails them is reported as refused and not acted on. */
  private async passes(check: () => Promise<unknown>, what: string, r: PassReport): Promise<boolean> {
    try {
      await check();
      return true;
    } catch (e) {
      // What the chains hold is input like any other: a malformed or forged entry is refused and the
      // service goes on, rather than stopping the relay on every pass from then on.
      if (!isInputRejection(e)) throw e;
      r.refused.push(`${what}: ${e.message}`);
      return false;
    }
  }

  /** Record `m` on the relay chain and submit it to its destination, each only if not done yet and its checks pass. */
  private async carry(submitter: LocalAccount, m: RelayMessage, kind: "request" | "delivery", r: PassReport, check?: () => Promise<unknown>): Promise<"done" | "refused"> {
    const key = [m.srcChainId, m.srcContract, m.srcEntryHash] as const;
    const [recorded, delivered] = await Promise.all([
      this.d.relay.relayLog.read("isConsumed", [...key]),
      kind === "request" ? this.d.a.phrIndex.read("isConsumed", [...key]) : this.d.b.exchange.read("isConsumed", [...key]),
    ]);
    if (recorded && delivered) return "done";
    let proof: Hex | undefined;
    const signed = async () => {
      if (check) await check();
      proof = await this.committee.relayProof(m);
    };
    if (!(await this.passes(signed, `${kind} ${m.srcEntryHash}`, r)) || !proof) return "refused";
    if (!recorded) {
      await this.d.relay.relayLog.send(submitter, "record", [m, proof]);
      r.recorded += 1;
      this.crash(`after-record:${kind}`);
    }
    if (!delivered) {
      try {
        if (kind === "request") await this.d.a.phrIndex.send(submitter, "acceptRequest", [m, proof]);
        else await this.d.b.exchange.send(submitter, "deliver", [m, proof]);
      } catch (e) {
        // A message the destination refuses on content (say, a request for a record chain A does not hold)
        // is reported once, never retried; replay protection means it was never half-applied.
        if (e instanceof ContractRevertError) {
          r.refused.push(`${kind} ${m.srcEntryHash}: ${e.errorName}`);
          return "refused";
        }
        throw e;
      }
      if (kind === "request") r.accepted += 1;
      else r.delivered += 1;
      this.crash(kind === "request" ? "after-accept" : "after-deliver");
    }
    return "done";
  }

  /** The request a grant answers, as its Outbound event on chain B (found through its indexed RequestFiled event). */
  private async requestEvent(requestId: Hex): Promise<ChainEvent | undefined> {
    const ex = this.d.b.exchange;
    const [filed] = await this.chains.b.events({ contract: ex, eventName: "RequestFiled", args: { requestId } });
    if (!filed) return undefined;
    const inBlock = await this.chains.b.events({ contract: ex, eventName: "Outbound", fromBlock: filed.blockNumber, toBlock: filed.blockNumber });
    return inBlock.find((e) => e.transactionHash === filed.transactionHash);
  }

  /** Re-encrypt under a grant chain A shows not yet re-encrypted, once request and grant check out. */
  private async reEncrypt(submitter: LocalAccount, g: ChainEvent, checker: Relay, r: PassReport): Promise<"done" | "refused"> {
    const phr = this.d.a.phrIndex;
    const a = phr.argsOf("Granted", g);
    const q = await phr.read("getRequest", [a.requestId]);
    if (Number(q.status) !== REQUEST_STATUS_A.granted) return "done";
    const what = `grant ${a.requestId}`;
    // The grant is checked against the request it answers, read again from chain B.
    const request = await this.requestEvent(a.requestId);
    if (!request) {
      r.refused.push(`${what}: no request with this id on chain B`);
      return "refused";
    }
    const run = `grant-${a.requestId}`;
    let out: { d2: Uint8Array; patientSig: Hex; proof: Hex } | undefined;
    const ok = await this.passes(
      async () => {
        await checker.checkRequest(run, request);
        const { fields, patientSig } = await checker.checkGrant(run);
        const d2 = recomputeReEncryption(fields["rk_P_HB"]!, fields["pre_P"]!);
        // Each member recomputes the re-encryption itself before it signs (member-worker.ts).
        out = { d2, patientSig, proof: await this.committee.reEncryptionProof(checker.reEncryptionClaim(a.requestId, fields, d2)) };
      },
      what,
      r,
    );
    if (!ok || !out) return "refused";
    try {
      await phr.send(submitter, "markReEncrypted", [a.requestId, bytesToHex(out.d2), out.patientSig, out.proof]);
    } catch (e) {
      if (e instanceof ContractRevertError) {
        r.refused.push(`${what}: ${e.errorName}`);
        return "refused";
      }
      throw e;
    }
    r.reEncrypted += 1;
    this.crash("after-mark");
    return "done";
  }
}

