// External JSON-RPC mode: the same adapters against three nodes given by URL
// (`--rpc-a URL --rpc-b URL --rpc-relay URL`), e.g. `hardhat node` or `anvil` processes.
import { http, type LocalAccount, type Transport } from "viem";
import type { ChainProfile, ChainRole, ChainSet } from "./adapter.ts";
import { EvmChain } from "./evm-chain.ts";
import { CHAIN_ROLES, DEFAULT_PROFILES } from "./profiles.ts";
import { devAccounts } from "./dev-accounts.ts";
import { keepAliveFetch } from "./http-fetch.ts";
import { ChainConfigError, RpcUnreachableError } from "./errors.ts";

/** The three nodes' URLs. */
export interface RpcUrls {
  a: string;
  b: string;
  relay: string;
}

/** Options of connectRpcChains. */
export interface RpcOptions {
  /** Accounts funded on all three nodes (default: the development mnemonic's first ten, as hardhat node funds). */
  funded?: LocalAccount[];
  /** Receipt polling interval (ms). */
  pollMs?: number;
  /** Told of every JSON-RPC call (chain role, method): a service counts its calls for its /status. */
  onRequest?: (chain: ChainRole, method: string) => void;
}

/** `t` with every request reported to `onRequest` first. */
export function countingTransport(t: Transport, onRequest: (method: string) => void): Transport {
  return (args) => {
    const inner = t(args);
    return {
      ...inner,
      request: ((a: { method: string }, o?: unknown) => {
        onRequest(a.method);
        return (inner.request as (a: unknown, o?: unknown) => Promise<unknown>)(a, o);
      }) as typeof inner.request,
    };
  };
}

/** Ask a node for its chain id; RpcUnreachableError if it does not answer like an Ethereum node. */
export async function probeChainId(url: string, timeoutMs: number = 5_000): Promise<number> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new RpcUnreachableError(url, (e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message);
  }
  const body = (await res.json().catch(() => undefined)) as { result?: string } | undefined;
  if (!res.ok || typeof body?.result !== "string") throw new RpcUnreachableError(url, `HTTP ${res.status}, no eth_chainId result`);
  return Number(BigInt(body.result));
}

/** Connect to three external nodes; their chain ids must differ. */
export async function connectRpcChains(urls: RpcUrls, opts: RpcOptions = {}): Promise<ChainSet> {
  const roles = CHAIN_ROLES;
  const key = { A: "a", B: "b", relay: "relay" } as const;
  const ids = await Promise.all(roles.map((r) => probeChainId(urls[key[r]])));
  if (new Set(ids).size !== 3) throw new ChainConfigError(`the nodes at ${Object.values(urls).join(", ")} report chain ids ${ids.join(", ")}; each chain needs its own id`);
  // No transport retries: a revert comes back as an internal error, which viem would retry with
  // back-off; recovering from a lost node is the roles' job (resume from on-chain state).
  const chains = roles.map((role, i) => {
    const profile: ChainProfile = { ...DEFAULT_PROFILES[role], chainId: ids[i]!, blockTiming: { mode: "external" } };
    // Calls made in the same tick go out as one JSON-RPC batch; plain http rides kept-alive sockets (http-fetch.ts).
    const base = http(urls[key[role]], { retryCount: 0, timeout: 20_000, fetchFn: keepAliveFetch, batch: { wait: 0 } });
    const transport = opts.onRequest ? countingTransport(base, (m) => opts.onRequest!(role, m)) : base;
    return new EvmChain(profile, transport, { pollMs: opts.pollMs ?? 10 });
  });
  const [a, b, relay] = chains as [EvmChain, EvmChain, EvmChain];
  return {
    mode: "rpc",
    a,
    b,
    relay,
    funded: opts.funded ?? devAccounts(10),
    close: async () => {
      await Promise.all(chains.map((c) => c.close()));
    },
  };
}

/** What parseChainArgs found: the URLs (if external mode) and the arguments it did not consume. */
export interface ChainArgs {
  rpc?: RpcUrls;
  rest: string[];
}

/** Parse `--rpc-a URL --rpc-b URL --rpc-relay URL` (also `--rpc-a=URL`); all three or none. */
export function parseChainArgs(argv: readonly string[]): ChainArgs {
  const flags = { "--rpc-a": "a", "--rpc-b": "b", "--rpc-relay": "relay" } as const;
  const found: Partial<RpcUrls> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (!(flag in flags)) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (!value || value.startsWith("--")) throw new ChainConfigError(`${flag} needs a URL, e.g. ${flag} http://127.0.0.1:8545`);
    try {
      new URL(value);
    } catch {
      throw new ChainConfigError(`${flag} ${value} is not a URL`);
    }
    found[flags[flag as keyof typeof flags]] = value;
  }
  const given = Object.keys(found);
  if (given.length === 0) return { rest };
  if (given.length !== 3) {
    const missing = Object.entries(flags).filter(([, k]) => !(k in found)).map(([f]) => f);
    throw new ChainConfigError(`external mode needs all three of --rpc-a, --rpc-b, --rpc-relay; missing ${missing.join(", ")}`);
  }
  return { rpc: found as RpcUrls, rest };
}
