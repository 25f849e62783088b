// Following one contract's events from a cursor, so a reader's work per pass is what is new rather
// than the chain's whole history. The cursor (next block, first unread log index in it) belongs to
// the reader, which saves it together with what it derived from the events it read: one atomic state
// write, so a restart neither loses nor repeats an event. Reads are bounded (at most `batchBlocks`
// blocks per getLogs, at most `maxEvents` events per poll) and stay `confirmations` blocks behind
// the head.
import type { Hex } from "viem";
import type { ChainAdapter, ChainEvent, ContractRef } from "./adapter.ts";

/**
 * Where a reader stands: every event before (block, logIndex) has been consumed. `hash` is the hash of
 * block `block - 1` when it was read: if the chain later shows another block there (a reorganisation,
 * or a node that came back with a rebuilt ledger), the reader starts over from the beginning and
 * relies on its own de-duplication and the contracts' replay protection.
 */
export interface LogCursor {
  block: bigint;
  logIndex: number;
  hash?: Hex;
}

/**
 * How long a reader may leave a cursor uncommitted when it moved over empty blocks only (ms):
 * re-reading them after a crash reads nothing, so an idle poll need not write the reader's state.
 */
export const CURSOR_COMMIT_MS = 1_000;

/**
 * Whether a reader must commit its new cursor before acting: new work is committed with its cursor,
 * and so is a cursor past any event or after a rewind (a restart repeats no read); a cursor that moved
 * over empty blocks only is committed at most once per CURSOR_COMMIT_MS.
 */
export function mustCommitCursor(poll: { events: readonly unknown[]; rewound: boolean }, committedAt: number, now: number = Date.now()): boolean {
  return poll.rewound || poll.events.length > 0 || now - committedAt >= CURSOR_COMMIT_MS;
}

/** The cursor of a reader that has read nothing. */
export const START: LogCursor = { block: 0n, logIndex: 0 };

/** How far and how fast a follower reads. */
export interface FollowOptions {
  /** Blocks per getLogs request (default 2,000). */
  batchBlocks?: number;
  /** Events per poll at most (default 500); the cursor stops inside a block if need be. */
  maxEvents?: number;
  /** Read only blocks at least this deep under the head (default 0: automining chains are final). */
  confirmations?: number;
}

/** Whether `ev` lies at or after `c`. */
export function atOrAfter(ev: Pick<ChainEvent, "blockNumber" | "logIndex">, c: LogCursor): boolean {
  return ev.blockNumber > c.block || (ev.blockNumber === c.block && ev.logIndex >= c.logIndex);
}

/** One contract's events read forward from a cursor. */
export class LogFollower {
  private readonly batch: bigint;
  private readonly maxEvents: number;
  private readonly depth: bigint;

  constructor(
    private readonly chain: ChainAdapter,
    private readonly contract: ContractRef,
    opts: FollowOptions = {},
  ) {
    this.batch = BigInt(Math.max(1, opts.batchBlocks ?? 2_000));
    this.maxEvents = Math.max(1, opts.maxEvents ?? 500);
    this.depth = BigInt(Math.max(0, opts.confirmations ?? 0));
  }

  /**
   * Read everything new past `state.cursor` into `state.pending` — the events `keep` selects, each
   * once — moving the cursor; after each batch, `save` runs when mustCommitCursor says the cursor must
   * be durable before what was read is acted on. `keep` is asked for once per batch (its selection may
   * depend on state that changes between batches). Returns how many events were read.
   */
  async readInto(state: { cursor: LogCursor; pending: ChainEvent[] }, keep: () => (ev: ChainEvent) => boolean, save: () => Promise<void>, committedAt: () => number): Promise<number> {
    let read = 0;
    for (;;) {
      const { events, cursor, more, rewound } = await this.poll(state.cursor);
      if (rewound) state.pending = [];
      const wanted = keep();
      for (const ev of events) if (wanted(ev) && !state.pending.some((p) => p.transactionHash === ev.transactionHash)) state.pending.push(ev);
      state.cursor = cursor;
      if (mustCommitCursor({ events, rewound }, committedAt())) await save();
      read += events.length;
      if (!more) return read;
    }
  }

  /**
   * The next events after `cursor` (oldest first, at most maxEvents, within at most one batch of
   * blocks per request until the confirmed head) and the cursor after them. `more` says whether
   * confirmed blocks remain unread.
   */
  async poll(cursor: LogCursor): Promise<{ events: ChainEvent[]; cursor: LogCursor; more: boolean; rewound: boolean }> {
    // One read gives the head and, in the common cases (nothing new, or one new block), the hash the
    // continuity check needs: an idle poll is one request, a poll after one block two (this and getLogs).
    const latest = await this.chain.latestBlock();
    const head = latest.number - this.depth;
    const hashAt = async (n: bigint): Promise<Hex | undefined> => (n === latest.number ? latest.hash : n === latest.number - 1n ? latest.parentHash : this.chain.blockHash(n));
    const rewound = cursor.block > 0n && (cursor.block - 1n > latest.number || (cursor.hash !== undefined && (await hashAt(cursor.block - 1n)) !== cursor.hash));
    const out: ChainEvent[] = [];
    let at: LogCursor = rewound ? START : cursor;
    while (at.block <= head && out.length < this.maxEvents) {
      const to = at.block + this.batch - 1n < head ? at.block + this.batch - 1n : head;
      const got = (await this.chain.events({ contract: this.contract, fromBlock: at.block, toBlock: to })).filter((e) => atOrAfter(e, at));
      const room = this.maxEvents - out.length;
      if (got.length > room) {
        const take = got.slice(0, room);
        out.push(...take);
        const last = take[take.length - 1]!;
        const hash = last.blockNumber > 0n ? await hashAt(last.blockNumber - 1n) : undefined;
        return { events: out, cursor: { block: last.blockNumber, logIndex: last.logIndex + 1, ...(hash ? { hash } : {}) }, more: true, rewound };
      }
      out.push(...got);
      at = { block: to + 1n, logIndex: 0 };
    }
    if (at !== cursor && at.block > 0n) {
      const hash = await hashAt(at.block - 1n);
      if (hash) at = { ...at, hash };
    }
    return { events: out, cursor: at, more: at.block <= head, rewound };
  }
}
