// The patient's replay set under chain B's freshness window: a nonce is refused as a replay while its
// timestamp is fresh, forgotten once the timestamp has left the window — and a replay after that is
// still refused, as stale. So what a long-running patient keeps does not grow with requests over time.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedChains } from "../../../reference/chains/embedded.ts";
import type { ChainSet } from "../../../reference/chains/adapter.ts";
import { MemoryBlobStore } from "../../../reference/storage/memory-blob-store.ts";
import { setupDeployment, type Deployment } from "../../../scenario/setup.ts";
import { anchorRecord, carryRequest, fileRequest, runsOf } from "../../../scenario/share-steps.ts";
import { ReplayWindow } from "../../../reference/roles/replay-window.ts";
import { Patient } from "../../../reference/roles/patient.ts";
import { advanceTime } from "../chains/fixture.ts";

describe("ReplayWindow", () => {
  const entry = fc.tuple(fc.stringMatching(/^0x[0-9a-f]{1,4}$/), fc.bigInt({ min: 0n, max: 10_000n }));
  it("forgets exactly the nonces a freshness check would refuse as stale, and only those", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.bigInt({ min: 0n, max: 12_000n }), fc.bigInt({ min: 1n, max: 5_000n }), (entries, now, window) => {
        const w = new ReplayWindow();
        const last = new Map<string, bigint>();
        for (const [n, ts] of entries) {
          w.add(n, ts);
          last.set(n, ts);
        }
        w.prune(now, window);
        for (const [n, ts] of last) expect(w.has(n), `${n} at ${ts}, now ${now}, window ${window}`).toBe(ts + window >= now);
      }),
    );
  });

  it("keeps nothing it would still need: a forgotten nonce stays stale at every later clock", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), fc.array(fc.bigInt({ min: 0n, max: 3_000n }), { minLength: 1, maxLength: 6 }), fc.bigInt({ min: 1n, max: 2_000n }), (entries, steps, window) => {
        const w = new ReplayWindow();
        const ts = new Map<string, bigint>();
        let now = 0n;
        for (const [i, [n, t]] of entries.entries()) {
          if (!ts.has(n)) {
            w.add(n, t);
            ts.set(n, t);
          }
          if (i % 5 === 0) {
            now += steps[i % steps.length]!;
            w.prune(now, window);
          }
        }
        for (const [n, t] of ts) if (!w.has(n)) expect(t + window < now).toBe(true);
      }),
    );
  });

  it("round-trips its entries; a bare nonce from an older state is never forgotten", () => {
    const w = new ReplayWindow();
    w.add("0x01", 5n);
    w.add("0x02", 500n);
    const again = new ReplayWindow();
    again.restore([...w.entries(), "0x03"]);
    expect(again.entries()).toEqual(expect.arrayContaining([["0x01", "5"], ["0x02", "500"]]));
    again.prune(10n ** 12n, 3600n);
    expect(again.has("0x01")).toBe(false);
    expect(again.has("0x03")).toBe(true);
  });
});

describe("the patient's request nonces under the window", () => {
  let chains: ChainSet;
  let dep: Deployment;
  beforeAll(async () => {
    chains = await startEmbeddedChains();
    dep = await setupDeployment(chains, new MemoryBlobStore(), { seed: "replay-window-test" });
  }, 120_000);
  afterAll(async () => {
    await chains?.close();
  });

  it("refuses a repeated request as a replay while fresh, and as stale after its nonce is forgotten", async () => {
    const recordId = await anchorRecord(dep, "rw-1");
    const { txHash } = await fileRequest(dep, "rw-1");
    const notice = await carryRequest(dep, "rw-1", txHash);
    const patient = dep.patients[0]!;
    const nonces = () => patient.replayState().nonces.map(([n]) => n);
    expect(nonces()).toHaveLength(1);
    const [nonce] = nonces();

    // The same request again, inside the window: a replay.
    await patient.observeRecord("again", recordId);
    await expect(patient.receiveRequest("again", notice, () => true)).rejects.toMatchObject({ checkId: "rq2.replay" });

    // An hour and more later (the deployment's window is 3,600 s): another request prunes the old nonce…
    await advanceTime(chains.b, 3_700);
    await advanceTime(chains.a, 3_700);
    await anchorRecord(dep, "rw-2");
    const second = await fileRequest(dep, "rw-2");
    await carryRequest(dep, "rw-2", second.txHash);
    expect(nonces()).toHaveLength(1);
    expect(nonces()).not.toContain(nonce);

    // …and the first request, replayed now to a patient restored from that state, is still refused: its signed timestamp is stale.
    const late = new Patient(dep.world, dep.parties.patients[0]!);
    late.restoreReplayState(patient.replayState());
    await late.observeRecord(runsOf("late").sh, recordId);
    await expect(late.receiveRequest(runsOf("late").sh, notice, () => true)).rejects.toMatchObject({ checkId: "rq2.ts" });
  }, 120_000);
});
