// The relay service (the relay as a long-running, restartable process) runs the spec's checks before
// it vouches for anything: a request HB did not sign never reaches chain A, while an honest share
// goes through end to end with the service as the only relay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytesToHex } from "viem";
import { startEmbeddedChains } from "../../../reference/chains/embedded.ts";
import type { ChainSet } from "../../../reference/chains/adapter.ts";
import { setupDeployment, type Deployment } from "../../../scenario/setup.ts";
import { MemoryBlobStore } from "../../../reference/storage/memory-blob-store.ts";
import { RelayService } from "../../../reference/relay/relay-service.ts";
import { runResumableShare } from "../../../scenario/resumable-share.ts";
import { anchorRecord } from "../../../scenario/share-steps.ts";

let chains: ChainSet;
let dep: Deployment;
let service: RelayService;

beforeAll(async () => {
  chains = await startEmbeddedChains();
  dep = await setupDeployment(chains, new MemoryBlobStore(), { seed: "relay-service" });
  service = new RelayService(chains, dep.world.deployment, dep.relay.committee, dep.parties.committee[0]!.account);
}, 120_000);

afterAll(async () => {
  await chains?.close();
});

describe("the relay service checks before it carries", () => {
  it("refuses a request whose Ed25519 signature HB did not make, and never carries it to chain A", async () => {
    const recordId = await anchorRecord(dep, "forged");
    const d = dep.world.deployment;
    // HB's registered account files a request chain B cannot check (no Ed25519 on the EVM): a forged signature.
    const forged = await d.b.exchange.send(dep.parties.hb.account, "request", [
      recordId,
      dep.parties.patients[0]!.account.address,
      bytesToHex(new Uint8Array(32).fill(7)),
      await chains.b.now(),
      bytesToHex(new Uint8Array(64).fill(1)),
    ]);
    const requestId = forged.events.find((e) => e.eventName === "RequestFiled")!.args.requestId;
    const pass = await service.pass();
    expect(pass.accepted).toBe(0);
    expect(pass.recorded).toBe(0);
    expect(pass.refused.join("\n")).toMatch(/^request 0x[0-9a-f]+: R rejected message at check rq1\.sig: the requester's Ed25519 signature does not verify$/m);
    // Refused work is never retried: the next pass neither looks at it again nor reports it.
    const again = await service.pass();
    expect(again).toMatchObject({ accepted: 0, recorded: 0, refused: [], pending: 0 });
    expect(await chains.a.events({ contract: d.a.phrIndex, eventName: "RequestAccepted", args: { requestId } })).toEqual([]);
  }, 60_000);

  it("carries, re-encrypts and delivers an honest share, checking request and grant on the way", async () => {
    let stop = false;
    const refused: string[] = [];
    const loop = (async () => {
      while (!stop) {
        const pass = await service.pass();
        refused.push(...pass.refused);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const out = await runResumableShare(dep, "honest", { relayTimeoutMs: 30_000 });
    stop = true;
    await loop;
    expect(out).toMatchObject({ completed: true, recovered: true });
    // Only the forged request of the test above is refused; nothing of the honest share is.
    expect(refused.every((r) => r.includes("Ed25519 signature does not verify"))).toBe(true);
  }, 120_000);
});

describe("the relay service and a grant it must not act on", () => {
  it("refuses a grant the record's owner posted with a signature that is not hers, and keeps serving", async () => {
    const { fileRequest, runsOf } = await import("../../../scenario/share-steps.ts");
    const { noticeFromChain } = await import("../../../scenario/resumable-share.ts");
    const d = dep.world.deployment;
    const [honest] = await chains.a.events({ contract: d.a.phrIndex, eventName: "Granted" });
    const reKey = (honest!.args as { reKey: `0x${string}` }).reKey;
    const patient = dep.parties.patients[0]!;
    for (const [n, sig] of [
      ["badsig", new Uint8Array(65).fill(3)],
      ["badkey", undefined],
    ] as const) {
      await anchorRecord(dep, n);
      const { requestId } = await fileRequest(dep, n);
      const carried = await service.pass();
      expect(carried.accepted).toBe(1);
      await dep.patients[0]!.receiveRequest(runsOf(n).sh, (await noticeFromChain(dep, "A", requestId))!);
      // The contract checks the sender owns the record, not the signature (no Ed25519 or grant format on chain):
      // badsig carries a valid grant token under a forged signature; badkey a token of the right length that is not one.
      const key = sig ? reKey : bytesToHex(new Uint8Array((reKey.length - 2) / 2).fill(9));
      await d.a.phrIndex.send(patient.account, "grant", [requestId, key, bytesToHex(sig ?? new Uint8Array(65).fill(4))]);
      const pass = await service.pass();
      expect(pass.reEncrypted).toBe(0);
      const why = pass.refused.find((x) => x.startsWith(`grant ${requestId}`));
      expect(why).toMatch(/R rejected message at check gr1\./);
      expect(await chains.a.events({ contract: d.a.phrIndex, eventName: "ReEncrypted", args: { requestId } })).toEqual([]);
    }
  }, 60_000);
});

describe("the relay service and a refusal", () => {
  it("carries a refusal the patient signed, and refuses one she did not", async () => {
    const { fileRequest, runsOf } = await import("../../../scenario/share-steps.ts");
    const { noticeFromChain } = await import("../../../scenario/resumable-share.ts");
    const d = dep.world.deployment;
    const patient = dep.parties.patients[0]!;
    for (const genuine of [true, false]) {
      const n = genuine ? "refused-real" : "refused-forged";
      await anchorRecord(dep, n);
      const { requestId } = await fileRequest(dep, n);
      expect((await service.pass()).accepted).toBe(1);
      const notice = (await noticeFromChain(dep, "A", requestId))!;
      if (genuine) {
        // She declines at the consent check, then records the refusal, signed.
        await dep.patients[0]!.receiveRequest(runsOf(n).sh, notice, () => false).catch(() => undefined);
        await dep.patients[0]!.refuse(runsOf(n).sh);
      } else {
        await dep.patients[0]!.receiveRequest(runsOf(n).sh, notice);
        await d.a.phrIndex.send(patient.account, "refuse", [requestId, bytesToHex(new Uint8Array(65).fill(6))]);
      }
      const pass = await service.pass();
      const delivered = await chains.b.events({ contract: d.b.exchange, eventName: "Delivered", args: { requestId } });
      if (genuine) {
        expect(pass.delivered).toBe(1);
        expect(delivered).toHaveLength(1);
      } else {
        expect(pass.delivered).toBe(0);
        expect(pass.refused.join("\n")).toMatch(/is not signed by the record's owner .* not carried/);
        expect(delivered).toEqual([]);
      }
    }
  }, 60_000);
});

describe("a relay service restarted from its data directory", () => {
  it("resumes from its cursors: nothing finished or refused is repeated, a step cut short is finished once", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { StateFile } = await import("../../../reference/storage/state-file.ts");
    const { initialRelayState } = await import("../../../reference/relay/relay-service.ts");
    const { fileRequest } = await import("../../../scenario/share-steps.ts");
    const dir = mkdtempSync(join(tmpdir(), "medex-relay-state-"));
    const file = () => new StateFile(join(dir, "relay-state.json"), initialRelayState);
    const committee = dep.relay.committee;
    const submitter = dep.parties.committee[0]!.account;
    try {
      // Catch up on everything the tests above left on the chains, then stop (a process exit).
      const first = new RelayService(chains, dep.world.deployment, committee, submitter, () => {}, { store: file(), batchBlocks: 5 });
      const catchUp = await first.pass();
      expect(catchUp.read).toBeGreaterThan(0);
      expect(catchUp.accepted + catchUp.delivered + catchUp.reEncrypted).toBe(0);
      expect(first.snapshot().pending).toEqual([]);

      // A restart with nothing new reads nothing and repeats nothing, refusals included.
      const idle = await new RelayService(chains, dep.world.deployment, committee, submitter, () => {}, { store: file() }).pass();
      expect(idle).toMatchObject({ read: 0, recorded: 0, accepted: 0, refused: [], pending: 0 });

      // A new request; the service dies right after logging it on the relay chain, before accepting it on A.
      await anchorRecord(dep, "restart");
      const { requestId } = await fileRequest(dep, "restart");
      const dying = new RelayService(chains, dep.world.deployment, committee, submitter, (p) => {
        if (p === "after-record:request") throw new Error("killed");
      }, { store: file() });
      await expect(dying.pass()).rejects.toThrow("killed");
      expect(file().load().pending.map((i) => i.kind)).toEqual(["request"]);

      // The restarted service finishes exactly the missing step.
      const resumed = await new RelayService(chains, dep.world.deployment, committee, submitter, () => {}, { store: file() }).pass();
      expect(resumed).toMatchObject({ read: 0, recorded: 0, accepted: 1, refused: [], pending: 0 });
      expect(await chains.a.events({ contract: dep.world.deployment.a.phrIndex, eventName: "RequestAccepted", args: { requestId } })).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
