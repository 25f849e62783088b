// A chain node that can be restarted without losing its ledger. Hardhat 2.28's EDR has no
// hardhat_dumpState/loadState, and a restarted `hardhat node` starts from genesis; so the node sits
// behind a JSON-RPC proxy on a fixed port that journals every raw transaction the node accepted.
// A restart kills the node process, starts a fresh one (same chain id, same block timing) and
// replays the journal in order, as a real node re-syncs from its peers: the same signed
// transactions give the same contract addresses, request ids and audit-entry hashes (which bind
// no block data). While it restarts the proxy refuses requests, as a down node would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { BlockTiming } from "../../reference/chains/adapter.ts";
import { freePort, startHardhatNode, type HardhatNode } from "../../reference/chains/hardhat-node.ts";
import { MedExChainError } from "../../protocol/errors.ts";

/** A restart that could not bring the ledger back. */
export class NodeRestartError extends MedExChainError {
  constructor(chainId: number, detail: string) {
    super("E_NODE_RESTART", `restarting the node of chain ${chainId} failed: ${detail}`, "the chain's ledger could not be restored from the journal; check the journal file and that hardhat can start a node");
  }
}

interface RpcRequest {
  jsonrpc: string;
  id: unknown;
  method: string;
  params?: unknown[];
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

/** A node behind a journaling proxy. */
export class JournaledNode {
  /** Raw transactions the node accepted, in the order it accepted them. */
  readonly journal: string[] = [];
  private node: HardhatNode | undefined;
  private server: Server | undefined;
  private down = false;
  restarts = 0;

  private constructor(
    readonly chainId: number,
    private readonly timing: BlockTiming,
    readonly port: number,
  ) {}

  /** The URL clients use; it stays the same across restarts. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Start a node and its proxy. */
  static async start(chainId: number, timing: BlockTiming): Promise<JournaledNode> {
    const n = new JournaledNode(chainId, timing, await freePort());
    n.node = await startHardhatNode({ chainId, blockTiming: timing });
    n.server = createServer((req, res) => void n.forward(req, res));
    await new Promise<void>((resolve) => n.server!.listen(n.port, "127.0.0.1", resolve));
    return n;
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    if (this.down || !this.node) {
      // A node that is down: the connection is refused (closed without an answer).
      req.socket.destroy();
      return;
    }
    try {
      const upstream = await fetch(this.node.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      const text = await upstream.text();
      this.journalAccepted(body, text);
      res.writeHead(upstream.status, { "content-type": "application/json" });
      res.end(text);
    } catch {
      req.socket.destroy();
    }
  }

  private journalAccepted(request: string, response: string): void {
    try {
      const reqs = ([] as RpcRequest[]).concat(JSON.parse(request) as RpcRequest | RpcRequest[]);
      const ress = ([] as { id: unknown; result?: unknown }[]).concat(JSON.parse(response) as { id: unknown; result?: unknown });
      for (const r of reqs) {
        if (r.method !== "eth_sendRawTransaction") continue;
        const answered = ress.find((x) => x.id === r.id);
        if (answered && typeof answered.result === "string") this.journal.push(String(r.params?.[0]));
      }
    } catch {
      // not JSON-RPC: nothing to journal
    }
  }

  /** Kill the node process; the proxy refuses requests until start or restart. */
  async kill(): Promise<void> {
    this.down = true;
    await this.node?.stop();
    this.node = undefined;
  }

  /** Kill the node and start a fresh one; with `replay` (default) the journal is replayed before clients are let back in. */
  async restart(opts: { replay?: boolean } = {}): Promise<void> {
    await this.kill();
    const node = await startHardhatNode({ chainId: this.chainId, blockTiming: this.timing });
    if (opts.replay ?? true) {
      for (const [i, raw] of this.journal.entries()) {
        let hash: string;
        try {
          hash = String(await rpc(node.url, "eth_sendRawTransaction", [raw]));
        } catch (e) {
          await node.stop();
          throw new NodeRestartError(this.chainId, `journal entry ${i} was refused on replay (${(e as Error).message})`);
        }
        // One at a time, as first accepted: wait for each to be mined before the next.
        for (let t = 0; ; t++) {
          if ((await rpc(node.url, "eth_getTransactionReceipt", [hash])) !== null) break;
          if (t > 2_000) {
            await node.stop();
            throw new NodeRestartError(this.chainId, `journal entry ${i} was not mined on replay`);
          }
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    } else {
      this.journal.length = 0;
    }
    this.node = node;
    this.restarts += 1;
    this.down = false;
  }

  /** Stop the node and the proxy. */
  async stop(): Promise<void> {
    await this.node?.stop();
    this.node = undefined;
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
