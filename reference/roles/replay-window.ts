// A receiver's replay set under a freshness window. A message carries a nonce and a timestamp the
// sender signed; the receiver refuses a timestamp older than `window` seconds under its clock (the
// chain's latest block time, which never runs back) and a nonce it has seen. A nonce whose timestamp
// has left the window can be forgotten: a replay of it carries the same signed timestamp and is refused
// as stale. So the set holds only the window's nonces, whatever the number of messages over time.
// The window must not grow after a nonce is forgotten (the contracts' window is immutable).

/** Nonces seen, each with the timestamp it came with. */
export class ReplayWindow {
  private readonly seen = new Map<string, bigint>();

  /** True if `nonce` was seen (and not yet forgotten). */
  has(nonce: string): boolean {
    return this.seen.has(nonce);
  }

  /** Remember `nonce`, sent at `ts` (seconds). */
  add(nonce: string, ts: bigint): void {
    this.seen.set(nonce, ts);
  }

  /** Forget every nonce whose timestamp a freshness check at `now` with `window` would refuse; returns how many. */
  prune(now: bigint, window: bigint): number {
    let n = 0;
    // The same inequality as the freshness check (chain-reads.ts checkFreshTimestamp), so nothing is
    // forgotten while a replay of it could still pass as fresh.
    for (const [k, ts] of this.seen)
      if (ts + window < now) {
        this.seen.delete(k);
        n++;
      }
    return n;
  }

  get size(): number {
    return this.seen.size;
  }

  /** The entries, for a party that persists them: [nonce, timestamp as a decimal string]. */
  entries(): [string, string][] {
    return [...this.seen].map(([k, ts]) => [k, ts.toString()]);
  }

  /**
   * Restore entries saved by `entries`. A bare nonce (a state saved before timestamps were kept) is
   * kept for good: its timestamp is unknown, so it cannot be shown stale.
   */
  restore(entries: readonly (string | readonly [string, string])[]): void {
    for (const e of entries) {
      if (typeof e === "string") this.seen.set(e, FOREVER);
      else this.seen.set(e[0], BigInt(e[1]));
    }
  }
}

// Far enough in the future that no chain clock reaches it plus a window.
const FOREVER = 2n ** 64n - 1n;
