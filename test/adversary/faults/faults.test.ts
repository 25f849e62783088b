// Faults at each phase of a share: chain nodes restarted (their ledgers restored from the journal of
// accepted transactions), the relay process killed or crashing between two of its transactions.
// After recovery each share completes exactly once — one acceptance, grant, re-encryption, delivery
// and acknowledgement, each source step carried once — no audit entry is lost, and the auditor is
// clean; a chain that comes back without its ledger ends the share with a report of where it stopped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { startFaultBed, type FaultBed } from "../../../adversary/faults/fault-bed.ts";
import { runResumableShare, type FaultPoint, type ShareOutcome } from "../../../scenario/resumable-share.ts";
import type { CrashPoint } from "../../../reference/relay/relay-service.ts";
import { auditDeployment } from "../../../reference/audit/auditor.ts";
import { AuditReadError } from "../../../reference/audit/chain-view.ts";

let bed: FaultBed;
let n = 0;

beforeAll(async () => {
  bed = await startFaultBed("fault-tests");
});
afterAll(async () => {
  await bed?.close();
});

async function ensureRelay(crashAt?: CrashPoint): Promise<void> {
  if (bed.relay?.running) await bed.relay.kill();
  bed.startRelay(crashAt);
}

/** The relay process must die at its crash point (exit 137) within a bounded wait. */
async function crashed(): Promise<number> {
  return Promise.race([bed.relay!.exited(), new Promise<number>((r) => setTimeout(() => r(-1), 30_000))]);
}

async function count(chain: "A" | "B", eventName: string, requestId: Hex): Promise<number> {
  const d = bed.dep.world.deployment;
  const c = chain === "A" ? bed.chains.a : bed.chains.b;
  return (await c.events({ contract: chain === "A" ? d.a.phrIndex : d.b.exchange, eventName, args: { requestId } })).length;
}

type Fault = (ids: { requestId?: Hex }) => Promise<void>;

/** Run a share with faults at some points; check it completed exactly once, lost nothing and audits clean. */
async function shareWithFaults(faults: Partial<Record<FaultPoint, Fault>>): Promise<ShareOutcome> {
  let before: Record<string, Hex[]> | undefined;
  const o = await runResumableShare(bed.dep, `f${++n}`, {
    onPoint: async (p, ids) => {
      const fault = faults[p];
      if (!fault) return;
      before ??= await bed.ledger();
      await fault(ids);
    },
  });
  expect(o.stoppedAt, `${o.reason}\nrelay: ${bed.relay?.lines.slice(-12).join("\n")}`).toBeUndefined();
  expect(o.completed).toBe(true);
  expect(o.recovered).toBe(true);
  const id = o.requestId!;
  for (const [chain, ev] of [["A", "RequestAccepted"], ["A", "Granted"], ["A", "ReEncrypted"], ["B", "Delivered"], ["B", "Acknowledged"]] as const) expect(await count(chain, ev, id), `${ev} of ${id}`).toBe(1);
  const after = await bed.ledger();
  expect(before, "the fault point was reached").toBeDefined();
  for (const [contract, hashes] of Object.entries(before!)) expect(after[contract]!.slice(0, hashes.length), `${contract}: no audit entry lost`).toEqual(hashes);
  const audit = await auditDeployment(bed.dep.world.deployment);
  expect(audit.findings).toEqual([]);
  const trail = audit.shares.find((s) => s.requestId.toLowerCase() === id.toLowerCase())!;
  expect(trail.steps.map((s) => s.phase)).toEqual(["REQUEST", "RELAY", "REQUEST_ACCEPTED", "GRANT", "REENCRYPT", "RELAY", "DELIVER", "ACK"]);
  return o;
}

describe("faults at each phase", () => {
  it("upload: chain A's node restarts after the record is anchored", async () => {
    await ensureRelay();
    await shareWithFaults({ "after-upload": () => bed.nodes.A.restart() });
    expect(bed.nodes.A.restarts).toBeGreaterThan(0);
  });

  it("request: chain B's node restarts after the request is filed, while the relay is polling it", async () => {
    await ensureRelay();
    await shareWithFaults({ "after-request": () => bed.nodes.B.restart() });
  });

  it("carrying the request: the relay dies between its relay-chain record and chain A; the relay chain's node restarts too", async () => {
    await ensureRelay("after-record:request");
    await shareWithFaults({
      "after-request": async ({ requestId }) => {
        expect(await crashed()).toBe(137);
        // Where it stopped: recorded on the relay chain, not yet accepted on chain A.
        expect(await count("A", "RequestAccepted", requestId!)).toBe(0);
        await bed.nodes.relay.restart();
        bed.startRelay();
      },
    });
  });

  it("authorisation: the relay is killed before the grant and chain A's node restarts after it", async () => {
    await ensureRelay();
    await shareWithFaults({
      "after-carry": () => bed.relay!.kill(),
      "after-grant": async ({ requestId }) => {
        // The grant is on chain A; with the relay down nothing re-encrypted it.
        expect(await count("A", "Granted", requestId!)).toBe(1);
        expect(await count("A", "ReEncrypted", requestId!)).toBe(0);
        await bed.nodes.A.restart();
        bed.startRelay();
      },
    });
  });

  it("transfer: the relay dies after logging the re-encryption, before carrying it", async () => {
    await ensureRelay("after-mark");
    await shareWithFaults({
      "after-grant": async ({ requestId }) => {
        expect(await crashed()).toBe(137);
        expect(await count("A", "ReEncrypted", requestId!)).toBe(1);
        expect(await count("B", "Delivered", requestId!)).toBe(0);
        bed.startRelay();
      },
    });
  });

  it("transfer: the relay dies after recording the delivery on the relay chain, before chain B", async () => {
    await ensureRelay("after-record:delivery");
    await shareWithFaults({
      "after-grant": async ({ requestId }) => {
        expect(await crashed()).toBe(137);
        expect(await count("B", "Delivered", requestId!)).toBe(0);
        bed.startRelay();
      },
    });
  });

  it("access: chain B's node restarts after the delivery, before HB acknowledges", async () => {
    await ensureRelay();
    await shareWithFaults({ "after-transfer": () => bed.nodes.B.restart() });
  });
});

describe("a chain that loses its ledger", () => {
  it("ends the share with a report of where it stopped; the auditor refuses to certify the chain it cannot read", async () => {
    await ensureRelay();
    const o = await runResumableShare(bed.dep, `f${++n}`, {
      relayTimeoutMs: 4_000,
      onPoint: async (p) => {
        if (p === "after-request") await bed.nodes.B.restart({ replay: false });
      },
    });
    expect(o.completed).toBe(false);
    expect(o.stoppedAt).toBe("carry-request");
    expect(o.reason).toMatch(/chain B no longer holds request/);
    await expect(auditDeployment(bed.dep.world.deployment)).rejects.toThrow(AuditReadError);
  });
});
