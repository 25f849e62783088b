// Start and stop `hardhat node` child processes on loopback, one per chain, for the external-RPC
// mode's tests and fault experiments. Each node is configured by hardhat-node.config.cjs.
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import type { BlockTiming, ChainRole } from "./adapter.ts";
import { CHAIN_ROLES, DEFAULT_PROFILES } from "./profiles.ts";
import { probeChainId, type RpcUrls } from "./rpc.ts";
import { LedgerError, RpcUnreachableError } from "./errors.ts";

const here = dirname(fileURLToPath(import.meta.url));
const CONFIG = join(here, "hardhat-node.config.cjs");
const HARDHAT_CLI = createRequire(import.meta.url).resolve("hardhat/internal/cli/cli.js");

/** A running `hardhat node`. */
export interface HardhatNode {
  url: string;
  port: number;
  chainId: number;
  /** The node's process id (to read its CPU time and memory). */
  pid: number | undefined;
  /** Kill the process and wait for it to exit. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Start `hardhat node` with `chainId` and block timing on a loopback port; resolves when it answers. */
export async function startHardhatNode(opts: { chainId: number; blockTiming?: BlockTiming; port?: number; startTimeoutMs?: number }): Promise<HardhatNode> {
  const port = opts.port ?? (await freePort());
  const interval = opts.blockTiming?.mode === "interval" ? opts.blockTiming.intervalMs : 0;
  const child: ResultPromise = execa(process.execPath, [HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port), "--config", CONFIG], {
    env: { MEDEX_CHAIN_ID: String(opts.chainId), MEDEX_BLOCK_INTERVAL_MS: String(interval), HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
    stdout: "ignore",
    stderr: "pipe",
    reject: false,
  });
  let exited = false;
  void child.then(() => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (!exited) child.kill("SIGTERM");
    await child;
  };
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  for (;;) {
    if (exited) {
      const r = await child;
      throw new LedgerError("E_NODE_EXITED", `hardhat node for chain ${opts.chainId} exited early (code ${r.exitCode}): ${String(r.stderr).slice(0, 500)}`);
    }
    try {
      const id = await probeChainId(url, 1_000);
      if (id !== opts.chainId) {
        await stop();
        throw new LedgerError("E_NODE_CHAIN_ID", `the node on port ${port} reports chain id ${id}, expected ${opts.chainId}; is another node using that port?`);
      }
      return { url, port, chainId: id, pid: child.pid, stop };
    } catch (e) {
      if (!(e instanceof RpcUnreachableError)) throw e;
      if (Date.now() > deadline) {
        await stop();
        throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Start one node per chain role with the default profiles' chain ids and block timing. */
export async function startHardhatNodes(): Promise<{ urls: RpcUrls; nodes: Record<ChainRole, HardhatNode>; stop(): Promise<void> }> {
  const started = await Promise.allSettled(CHAIN_ROLES.map((r) => startHardhatNode({ chainId: DEFAULT_PROFILES[r].chainId, blockTiming: DEFAULT_PROFILES[r].blockTiming })));
  const ok = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(ok.map((n) => n.stop()));
    throw (failed as PromiseRejectedResult).reason;
  }
  const [A, B, relay] = ok as [HardhatNode, HardhatNode, HardhatNode];
  return {
    urls: { a: A.url, b: B.url, relay: relay.url },
    nodes: { A, B, relay },
    stop: async () => {
      await Promise.all(ok.map((n) => n.stop()));
    },
  };
}
