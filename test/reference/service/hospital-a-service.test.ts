// Hospital A's service anchors each accepted upload exactly once: a crash after saving it, or after
// anchoring it but before saving that, is finished by the next process from the saved state (chain A
// asked first); the same message again gets the same record id; another message with the same
// device, device timestamp and CID is a replay. In process on embedded chains, the crash a thrown
// error at the crash point and the restart a new service over the same saved state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { startEmbeddedChains } from "../../../reference/chains/embedded.ts";
import type { ChainSet } from "../../../reference/chains/adapter.ts";
import { setupDeployment, type Deployment } from "../../../scenario/setup.ts";
import { phrFor } from "../../../scenario/share-steps.ts";
import { MemoryBlobStore } from "../../../reference/storage/memory-blob-store.ts";
import { MemoryState } from "../../../reference/storage/state-file.ts";
import { HospitalA } from "../../../reference/roles/hospital-a.ts";
import { HospitalAService, initialHospitalAState, type HaCrashPoint } from "../../../reference/service/hospital-a-service.ts";
import { ServiceFirewall } from "../../../reference/service/firewall-service.ts";
import { Firewall } from "../../../reference/roles/firewall.ts";
import { ProtocolViolation } from "../../../reference/semantics/violations.ts";
import { advanceTime } from "../chains/fixture.ts";

let chains: ChainSet;
let dep: Deployment;

beforeAll(async () => {
  chains = await startEmbeddedChains();
  dep = await setupDeployment(chains, new MemoryBlobStore(), { seed: "ha-service" });
}, 120_000);
afterAll(async () => {
  await chains?.close();
});

class Crash extends Error {}

const haService = (store: MemoryState<ReturnType<typeof initialHospitalAState>>, crashAt?: HaCrashPoint) =>
  new HospitalAService(dep.world, new HospitalA(dep.world, dep.parties.ha, dep.parties.firewall.account.address), store, (p) => {
    if (p === crashAt) throw new Crash(p);
  });

async function up2For(n: string, firewall: Firewall = new ServiceFirewall(dep.world, dep.parties.firewall)): Promise<{ up1: Uint8Array; up2: Uint8Array }> {
  const up1 = dep.devices[0]!.upload(n, phrFor(n), await chains.a.now());
  dep.devices[0]!.endRun(n);
  return { up1, up2: await firewall.filter(n, up1) };
}

async function anchors(recordId: Hex): Promise<number> {
  return (await dep.world.deployment.a.phrIndex.eventsOf("RecordAnchored", { args: { recordId } })).length;
}

describe("hospital A's service", () => {
  for (const point of ["after-accept", "after-anchor"] as const) {
    it(`finishes an upload interrupted ${point} exactly once, in the next process`, async () => {
      const store = new MemoryState(initialHospitalAState);
      const { up2 } = await up2For(`crash-${point}`);
      await expect(haService(store, point).receive(up2)).rejects.toBeInstanceOf(Crash);
      const restarted = haService(store);
      expect(restarted.pending()).toBe(1);
      expect(await restarted.pass()).toEqual({ anchored: 1, pending: 0 });
      const c = restarted.counters();
      // After the anchor was sent, the chain has it: found, not sent again.
      expect([c.anchored, c.foundAnchored]).toEqual(point === "after-accept" ? [1, 0] : [0, 1]);
      const again = await restarted.receive(up2);
      expect(again.repeated).toBe(true);
      expect(await anchors(again.recordId)).toBe(1);
    }, 60_000);
  }

  it("answers the same message with the same record id; the firewall's coins make a retry that message", async () => {
    const svc = haService(new MemoryState(initialHospitalAState));
    const fw = new ServiceFirewall(dep.world, dep.parties.firewall);
    const { up1, up2 } = await up2For("same", fw);
    expect(await fw.filter("same-again", up1)).toEqual(up2);
    // Twice at once (a retry while the first copy is still being checked), then once more.
    const [first, concurrent] = await Promise.all([svc.receive(up2), svc.receive(up2)]);
    expect(first.repeated).toBe(false);
    expect(concurrent).toEqual({ recordId: first.recordId, repeated: true });
    expect(await svc.receive(up2)).toEqual({ recordId: first.recordId, repeated: true });
    expect(await anchors(first.recordId)).toBe(1);
  }, 60_000);

  it("keeps an anchor chain A refused as refused: never sent again, by a pass or a retry", async () => {
    const store = new MemoryState(initialHospitalAState);
    let sent = 0;
    class RevertingHospitalA extends HospitalA {
      override async anchor(): Promise<never> {
        sent += 1;
        throw new ProtocolViolation("E_CONTRACT_REVERT", "PhrIndexA.anchor reverted: stale timestamp");
      }
    }
    const svc = new HospitalAService(dep.world, new RevertingHospitalA(dep.world, dep.parties.ha, dep.parties.firewall.account.address), store);
    const { up2 } = await up2For("refused-anchor");
    await expect(svc.receive(up2)).rejects.toMatchObject({ code: "E_CONTRACT_REVERT" });
    expect(svc.pending()).toBe(0);
    expect(await svc.pass()).toEqual({ anchored: 0, pending: 0 });
    await expect(svc.receive(up2)).rejects.toMatchObject({ code: "E_CONTRACT_REVERT" });
    // A restarted service over the same state does not send it either.
    expect(await new HospitalAService(dep.world, new RevertingHospitalA(dep.world, dep.parties.ha, dep.parties.firewall.account.address), store).pass()).toEqual({ anchored: 0, pending: 0 });
    expect(sent).toBe(1);
  }, 60_000);

  it("refuses another message with the same device, timestamp and CID (a replay), anchoring nothing more", async () => {
    const svc = haService(new MemoryState(initialHospitalAState));
    const { up1, up2 } = await up2For("replay");
    const { recordId } = await svc.receive(up2);
    // The same device upload re-randomised with other coins: the firewall's output differs.
    const other = await new Firewall(dep.world, dep.parties.firewall).filter("replay-2", up1);
    expect(other).not.toEqual(up2);
    await expect(svc.receive(other)).rejects.toMatchObject({ code: "E_REPLAY" });
    // A fresh service (its saved state lost) still refuses: chain A has the record (the spec's replay check).
    await expect(haService(new MemoryState(initialHospitalAState)).receive(other)).rejects.toMatchObject({ code: "E_CHECK_FAILED" });
    expect(await anchors(recordId)).toBe(1);
  }, 60_000);

  it("forgets a finished upload once its device timestamp has left the window; a copy of it is still refused", async () => {
    const svc = haService(new MemoryState(initialHospitalAState));
    const { up2 } = await up2For("forget");
    const { recordId } = await svc.receive(up2);
    const tsD = BigInt(Object.keys((svc as unknown as { state: { uploads: object } }).state.uploads).find((k) => k.includes("/"))!.split("/")[1]!);
    // Still inside the window: kept.
    expect(await svc.forgetStale(tsD + 3_600n, 3_600n)).toBe(0);
    expect(svc.counters().uploads).toBe(1);
    // One second past it: forgotten.
    expect(await svc.forgetStale(tsD + 3_601n, 3_600n)).toBe(1);
    expect(svc.counters()).toMatchObject({ uploads: 0, forgotten: 1 });
    // With chain A's clock past the window too, the same message is refused by HA's checks (chain A
    // holds the record, and its timestamp is stale) and nothing more is anchored.
    await advanceTime(chains.a, 3_700);
    await expect(svc.receive(up2)).rejects.toMatchObject({ checkId: expect.stringMatching(/^up2\.(replay|ts)$/) });
    expect(await anchors(recordId)).toBe(1);
  }, 60_000);
});
