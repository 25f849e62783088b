// Three in-process EVM chains on Hardhat's EDR (no external process): one EDR provider per chain,
// each wrapped as a viem transport. EDR's default hardfork (osaka) includes the EIP-2537 BLS12-381
// precompiles.
import { createRequire } from "node:module";
import { custom, type EIP1193RequestFn } from "viem";
import type { ChainProfile, ChainRole, ChainSet } from "./adapter.ts";
import { EvmChain } from "./evm-chain.ts";
import { CHAIN_ROLES, DEFAULT_PROFILES } from "./profiles.ts";
import { DEV_ACCOUNT_COUNT, devAccounts, devPrivateKey } from "./dev-accounts.ts";
import { ChainConfigError } from "./errors.ts";

const require = createRequire(import.meta.url);

interface EdrProvider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

interface HardhatNetworkProviderConfig {
  hardfork: string;
  chainId: number;
  networkId: number;
  blockGasLimit: number;
  minGasPrice: bigint;
  automine: boolean;
  intervalMining: number;
  mempoolOrder: "priority" | "fifo";
  chains: Map<number, unknown>;
  genesisAccounts: { privateKey: string; balance: string }[];
  allowUnlimitedContractSize: boolean;
  throwOnTransactionFailures: boolean;
  throwOnCallFailures: boolean;
  allowBlocksWithSameTimestamp: boolean;
  enableTransientStorage: boolean;
  enableRip7212: boolean;
}

// Hardhat 2 has no public API for a provider without its runtime environment; this internal module
// is what `createProvider` itself calls (pinned by package-lock to hardhat 2.28.x).
const { createHardhatNetworkProvider, getGlobalEdrContext } = require("hardhat/internal/hardhat-network/provider/provider.js") as {
  createHardhatNetworkProvider(cfg: HardhatNetworkProviderConfig, logger: { enabled: boolean }): Promise<EdrProvider>;
  getGlobalEdrContext(): Promise<unknown>;
};

// Hardhat creates EDR's one global context lazily and registers its provider factory asynchronously;
// a second provider started meanwhile sees the context before the factory is registered and fails with
// "Provider for provided chain type does not exist". Every provider waits for the one registration.
let edrContext: Promise<unknown> | undefined;

/** The hardfork every embedded chain runs (EIP-2537 BLS precompiles included). */
export const EMBEDDED_HARDFORK = "osaka";

/** Options of startEmbeddedChains. */
export interface EmbeddedOptions {
  /** Override any chain's profile (chain id, timing, ...). */
  profiles?: Partial<Record<ChainRole, Partial<ChainProfile>>>;
  /** How many development accounts to fund at genesis (max 20). */
  fundedAccounts?: number;
  /** Genesis balance of each, in wei. */
  balanceWei?: bigint;
}

/** Start one embedded chain and return its EDR provider. */
export async function startEdrProvider(profile: ChainProfile, fundedAccounts: number, balanceWei: bigint): Promise<EdrProvider> {
  const interval = profile.blockTiming.mode === "interval" ? profile.blockTiming.intervalMs : 0;
  await (edrContext ??= getGlobalEdrContext());
  return createHardhatNetworkProvider(
    {
      hardfork: EMBEDDED_HARDFORK,
      chainId: profile.chainId,
      networkId: profile.chainId,
      blockGasLimit: 60_000_000,
      minGasPrice: 0n,
      automine: profile.blockTiming.mode !== "interval",
      intervalMining: interval,
      mempoolOrder: "fifo",
      chains: new Map(),
      genesisAccounts: Array.from({ length: fundedAccounts }, (_, i) => ({ privateKey: devPrivateKey(i), balance: balanceWei.toString() })),
      allowUnlimitedContractSize: false,
      throwOnTransactionFailures: true,
      throwOnCallFailures: true,
      // Interval-mined chains produce several blocks per second; timestamps have 1 s resolution.
      allowBlocksWithSameTimestamp: true,
      enableTransientStorage: true,
      enableRip7212: false,
    },
    { enabled: false },
  );
}

/** Start chain A, chain B and the relay chain in this process, each with funded development accounts. */
export async function startEmbeddedChains(opts: EmbeddedOptions = {}): Promise<ChainSet> {
  const funded = Math.min(opts.fundedAccounts ?? 10, DEV_ACCOUNT_COUNT);
  const balance = opts.balanceWei ?? 10_000n * 10n ** 18n;
  const profiles = CHAIN_ROLES.map((role) => ({ ...DEFAULT_PROFILES[role], ...opts.profiles?.[role], role }));
  const ids = new Set(profiles.map((p) => p.chainId));
  if (ids.size !== 3) throw new ChainConfigError(`the three chains need distinct chain ids, got ${profiles.map((p) => p.chainId).join(", ")}`);
  const chains = await Promise.all(
    profiles.map(async (profile) => {
      const provider = await startEdrProvider(profile, funded, balance);
      const interval = profile.blockTiming.mode === "interval" ? profile.blockTiming.intervalMs : 0;
      // No retries: an in-process provider fails only deterministically (e.g. a revert).
      return new EvmChain(profile, custom({ request: provider.request.bind(provider) as EIP1193RequestFn }, { retryCount: 0 }), {
        pollMs: interval > 0 ? Math.max(1, Math.min(5, Math.floor(interval / 4))) : 1,
        // Stop interval mining so a closed chain costs no CPU and does not keep the process alive.
        onClose: async () => {
          if (interval > 0) await provider.request({ method: "evm_setIntervalMining", params: [0] });
        },
      });
    }),
  );
  const [a, b, relay] = chains as [EvmChain, EvmChain, EvmChain];
  return {
    mode: "embedded",
    a,
    b,
    relay,
    funded: devAccounts(funded),
    close: async () => {
      await Promise.all(chains.map((c) => c.close()));
    },
  };
}
