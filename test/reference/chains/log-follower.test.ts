// A reader following a contract from a cursor sees every event exactly once across polls, however
// small its batches, stays behind the head by its confirmation depth, and starts over when the chain's
// history under its cursor changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedChains } from "../../../reference/chains/embedded.ts";
import type { ChainEvent, ChainSet } from "../../../reference/chains/adapter.ts";
import { setupDeployment, type Deployment } from "../../../scenario/setup.ts";
import { MemoryBlobStore } from "../../../reference/storage/memory-blob-store.ts";
import { LogFollower, START, type LogCursor } from "../../../reference/chains/log-follower.ts";

let chains: ChainSet;
let dep: Deployment;
let all: ChainEvent[];

beforeAll(async () => {
  chains = await startEmbeddedChains();
  dep = await setupDeployment(chains, new MemoryBlobStore(), { seed: "follower", patients: 2 });
  all = await chains.a.events({ contract: dep.world.deployment.a.registry });
}, 120_000);
afterAll(async () => {
  await chains?.close();
});

const key = (e: ChainEvent) => `${e.blockNumber}:${e.logIndex}`;

async function drain(f: LogFollower, from: LogCursor): Promise<{ seen: ChainEvent[]; polls: number; cursor: LogCursor }> {
  const seen: ChainEvent[] = [];
  let cursor = from;
  let polls = 0;
  for (;;) {
    const r = await f.poll(cursor);
    polls++;
    seen.push(...r.events);
    cursor = r.cursor;
    if (!r.more) return { seen, polls, cursor };
  }
}

describe("a log follower", () => {
  it("reads every event once, in order, in bounded batches", async () => {
    expect(all.length).toBeGreaterThan(4);
    const f = new LogFollower(chains.a, dep.world.deployment.a.registry, { batchBlocks: 3, maxEvents: 2 });
    const { seen, polls } = await drain(f, START);
    expect(seen.map(key)).toEqual(all.map(key));
    expect(polls).toBeGreaterThanOrEqual(Math.ceil(all.length / 2));
  });

  it("resumes from a cursor without repeating anything, and sees only what is new", async () => {
    const f = new LogFollower(chains.a, dep.world.deployment.a.registry, { maxEvents: 3 });
    const first = await f.poll(START);
    expect(first.events).toHaveLength(3);
    const rest = await drain(f, first.cursor);
    expect([...first.events, ...rest.seen].map(key)).toEqual(all.map(key));
    // Nothing new: a poll from the end reads nothing.
    expect((await f.poll(rest.cursor)).events).toEqual([]);
    // A new registration shows up, alone.
    const phr = dep.world.deployment.a.phrIndex;
    const before = await drain(new LogFollower(chains.a, phr), START);
    const { anchorRecord } = await import("../../../scenario/share-steps.ts");
    await anchorRecord(dep, "follow");
    const after = await new LogFollower(chains.a, phr).poll(before.cursor);
    expect(after.events.map((e) => e.eventName)).toContain("RecordAnchored");
    expect(after.events.every((e) => !before.seen.some((b) => key(b) === key(e)))).toBe(true);
  }, 60_000);

  it("stays its confirmation depth behind the head", async () => {
    const head = await chains.a.blockNumber();
    const deep = new LogFollower(chains.a, dep.world.deployment.a.registry, { confirmations: Number(head) + 1 });
    expect(await deep.poll(START)).toMatchObject({ events: [], more: false });
    const shallow = await drain(new LogFollower(chains.a, dep.world.deployment.a.registry, { confirmations: 1 }), START);
    expect(shallow.cursor.block).toBe(head);
    expect(shallow.seen.every((e) => e.blockNumber < head)).toBe(true);
  });

  it("starts over when the block under its cursor is not the one it read", async () => {
    const f = new LogFollower(chains.a, dep.world.deployment.a.registry);
    const end = await drain(f, START);
    expect(end.cursor.hash).toMatch(/^0x[0-9a-f]{64}$/);
    const honest = await f.poll(end.cursor);
    expect(honest.rewound).toBe(false);
    const changed = await drain(f, { ...end.cursor, hash: `0x${"11".repeat(32)}` });
    expect(changed.seen.map(key)).toEqual(all.map(key));
    const beyond = await f.poll({ block: (await chains.a.blockNumber()) + 100n, logIndex: 0 });
    expect(beyond.rewound).toBe(true);
  });
});
