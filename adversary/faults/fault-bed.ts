// The fault experiments' test bed: three `hardhat node` processes behind journaling proxies, one
// MedExChain deployment over JSON-RPC, the in-process roles, and the relay as its own process.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hex } from "viem";
import type { ChainSet } from "../../reference/chains/adapter.ts";
import { connectRpcChains, type RpcUrls } from "../../reference/chains/rpc.ts";
import { readAuditLog } from "../../reference/chains/audit-log.ts";
import { CHAIN_ROLES, DEFAULT_PROFILES } from "../../reference/chains/profiles.ts";
import { setupDeployment, type Deployment } from "../../scenario/setup.ts";
import { MemoryBlobStore } from "../../reference/storage/memory-blob-store.ts";
import { saveDeployment } from "../../reference/audit/deployment-file.ts";
import { JournaledNode } from "./journaled-node.ts";
import { RelayProcess } from "../../reference/relay/relay-process.ts";
import type { CrashPoint } from "../../reference/relay/relay-service.ts";

/** The bed. */
export interface FaultBed {
  nodes: { A: JournaledNode; B: JournaledNode; relay: JournaledNode };
  urls: RpcUrls;
  chains: ChainSet;
  dep: Deployment;
  seed: string;
  deploymentFile: string;
  /** The relay process currently running (if any). */
  relay: RelayProcess | undefined;
  /** Start (or restart) the relay process. */
  startRelay(crashAt?: CrashPoint): RelayProcess;
  /** Every audit entry hash of every contract, by contract label. */
  ledger(): Promise<Record<string, Hex[]>>;
  close(): Promise<void>;
}

/** Start the nodes, deploy, register every party and start the relay process. */
export async function startFaultBed(seed = "faults"): Promise<FaultBed> {
  const started = await Promise.allSettled(CHAIN_ROLES.map((r) => JournaledNode.start(DEFAULT_PROFILES[r].chainId, DEFAULT_PROFILES[r].blockTiming)));
  const ok = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  if (ok.length !== 3) {
    await Promise.all(ok.map((n) => n.stop()));
    throw (started.find((s) => s.status === "rejected") as PromiseRejectedResult).reason;
  }
  const [A, B, relayNode] = ok as [JournaledNode, JournaledNode, JournaledNode];
  const urls: RpcUrls = { a: A.url, b: B.url, relay: relayNode.url };
  let chains: ChainSet | undefined;
  let dep: Deployment;
  try {
    chains = await connectRpcChains(urls);
    dep = await setupDeployment(chains, new MemoryBlobStore(), { seed });
  } catch (e) {
    await chains?.close();
    await Promise.all([A, B, relayNode].map((n) => n.stop()));
    throw e;
  }
  const set = chains;
  const deploymentFile = join(mkdtempSync(join(tmpdir(), "medexchain-faults-")), "deployment.json");
  saveDeployment(dep.world.deployment, deploymentFile);
  const d = dep.world.deployment;
  const bed: FaultBed = {
    nodes: { A, B, relay: relayNode },
    urls,
    chains: set,
    dep,
    seed,
    deploymentFile,
    relay: undefined,
    startRelay(crashAt) {
      bed.relay = RelayProcess.start(urls, deploymentFile, seed, crashAt);
      return bed.relay;
    },
    async ledger() {
      const out: Record<string, Hex[]> = {};
      for (const c of [d.a.registry, d.a.phrIndex, d.b.registry, d.b.exchange, d.relay.relayLog]) out[c.label] = (await readAuditLog(c.chain, c)).map((e) => e.entryHash);
      return out;
    },
    async close() {
      await bed.relay?.kill();
      await set.close();
      await Promise.all([A, B, relayNode].map((n) => n.stop()));
    },
  };
  bed.startRelay();
  return bed;
}
