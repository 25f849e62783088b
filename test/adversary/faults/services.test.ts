// The parties as separate long-running processes on `hardhat node` chains: each kind of service
// (committee member, relay carrier, patient agent, hospital B) is killed mid-run and restarted from
// its data directory, and every share still completes exactly once — one acceptance, grant,
// re-encryption, delivery and acknowledgement — with a clean audit.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { LocalDeployment } from "../../../scenario/local-deployment.ts";
import { uploadRecord } from "../../../scenario/share-steps.ts";
import { auditDeployment } from "../../../reference/audit/auditor.ts";

let ld: LocalDeployment;
const dir = mkdtempSync(join(tmpdir(), "medex-services-"));

beforeAll(async () => {
  ld = await LocalDeployment.up({ dir, seed: "services-test", patients: 1 });
}, 180_000);
afterAll(async () => {
  await ld?.down();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function count(chain: "A" | "B", eventName: string, requestId: Hex): Promise<number> {
  const d = ld.dep.world.deployment;
  const c = chain === "A" ? ld.chains.a : ld.chains.b;
  return (await c.events({ contract: chain === "A" ? d.a.phrIndex : d.b.exchange, eventName, args: { requestId } })).length;
}

async function acknowledged(requestId: Hex, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await count("B", "Acknowledged", requestId)) > 0) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe("services killed and restarted mid-run", () => {
  it("every share completes exactly once with a clean audit", async () => {
    const kills: [string, string][] = [
      ["member-0", "after the request is handed over"],
      ["relay", "after the request is handed over"],
      ["patient-0", "after the request is handed over"],
      ["hospital-b", "after the request is handed over"],
    ];
    const ids: Hex[] = [];
    for (const [victim] of kills) {
      const { recordId } = await uploadRecord(ld.dep, `svc-${victim}`);
      const requestId = await ld.startShare(`s-${victim}`, recordId);
      ids.push(requestId);
      await ld.restart(victim);
      const done = await acknowledged(requestId);
      expect(done, `share after killing ${victim}:\n${ld.service(victim).lines.slice(-10).join("\n")}\nrelay:\n${ld.service("relay").lines.slice(-10).join("\n")}`).toBe(true);
    }
    for (const id of ids)
      for (const [chain, ev] of [["A", "RequestAccepted"], ["A", "Granted"], ["A", "ReEncrypted"], ["B", "Delivered"], ["B", "Acknowledged"]] as const) expect(await count(chain, ev, id), `${ev} of ${id}`).toBe(1);
    const audit = await auditDeployment(ld.dep.world.deployment);
    expect(audit.findings).toEqual([]);
    for (const id of ids) expect(audit.shares.find((s) => s.requestId.toLowerCase() === id.toLowerCase())!.steps.map((s) => s.phase)).toEqual(["REQUEST", "RELAY", "REQUEST_ACCEPTED", "GRANT", "REENCRYPT", "RELAY", "DELIVER", "ACK"]);
    const status = await ld.status();
    expect(status["hospital-b"]!.counters["acknowledged"] ?? 0).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
