// The incremental audit: a run that resumes from its state file reads only what is new and reports
// exactly what a full audit reports; a tampered state file (a cursor over a block the chain does not
// have) makes it read that contract again rather than miss anything.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedChains } from "../../../reference/chains/embedded.ts";
import type { ChainSet } from "../../../reference/chains/adapter.ts";
import { setupDeployment, type Deployment } from "../../../scenario/setup.ts";
import { MemoryBlobStore } from "../../../reference/storage/memory-blob-store.ts";
import { fullShare } from "../../../scenario/share-steps.ts";
import { auditDeployment, auditDeploymentIncremental } from "../../../reference/audit/auditor.ts";
import { initialAuditorState, type AuditorState } from "../../../reference/audit/incremental-view.ts";
import { StateFile } from "../../../reference/storage/state-file.ts";

let chains: ChainSet;
let dep: Deployment;
const dir = mkdtempSync(join(tmpdir(), "medex-audit-inc-"));

beforeAll(async () => {
  chains = await startEmbeddedChains();
  dep = await setupDeployment(chains, new MemoryBlobStore(), { seed: "audit-incremental" });
  await fullShare(dep, "one");
}, 120_000);
afterAll(async () => {
  await chains?.close();
  rmSync(dir, { recursive: true, force: true });
});

const strip = <T extends { newLogs?: number }>(r: T) => {
  const { newLogs: _n, ...rest } = r;
  return rest;
};

describe("the incremental audit", () => {
  it("reports what the full audit reports, reading only what is new on the next run", async () => {
    const d = dep.world.deployment;
    const file = () => new StateFile<AuditorState>(join(dir, "auditor.json"), initialAuditorState);
    const first = await auditDeploymentIncremental(d, file());
    expect(first.clean).toBe(true);
    expect(strip(first)).toEqual(await auditDeployment(d));
    const idle = await auditDeploymentIncremental(d, file());
    expect(idle.newLogs).toBe(0);
    expect(strip(idle)).toEqual(strip(first));

    await fullShare(dep, "two");
    const second = await auditDeploymentIncremental(d, file());
    expect(second.newLogs).toBeGreaterThan(0);
    expect(second.newLogs).toBeLessThan(first.newLogs);
    expect(strip(second)).toEqual(await auditDeployment(d));
    expect(second.shares).toHaveLength(2);
  }, 120_000);

  it("reads a contract again when its cursor points past the chain's history", async () => {
    const d = dep.world.deployment;
    const f = new StateFile<AuditorState>(join(dir, "tampered.json"), initialAuditorState);
    await auditDeploymentIncremental(d, f);
    const s = f.load();
    s.cursors.ExchangeB = { block: (await chains.b.blockNumber()) + 1_000n, logIndex: 0 };
    s.view!.contracts.ExchangeB.events = [];
    f.save(s);
    const again = await auditDeploymentIncremental(d, f);
    expect(again.newLogs).toBeGreaterThan(0);
    expect(strip(again)).toEqual(await auditDeployment(d));
  }, 120_000);
});
