// Deploy MedExChain's contracts on the three chains, register the relay committee on each, and link
// chain A's PHR index with chain B's exchange.
import type { Abi, Address, LocalAccount } from "viem";
import type { ChainAdapter, ChainSet, TxResult } from "./adapter.ts";
import { ContractHandle } from "./contract-handle.ts";
import { loadArtefact, type ContractName } from "../contracts/deployable.ts";
import { ExchangeBAbi, IdentityRegistryAAbi, IdentityRegistryBAbi, PhrIndexAAbi, RelayLogAbi } from "../contracts/build/abi.ts";
import { ChainConfigError } from "./errors.ts";

/** Options of deployMedExChain. */
export interface DeployOptions {
  /** The committee members' secp256k1 addresses. */
  committee: readonly Address[];
  /** Signatures a proof needs; must satisfy 2t > n. */
  threshold: number;
  /** Seconds a signed timestamp stays fresh and a request stays answerable (default 3600). */
  freshnessWindowSec?: number;
  /** Each chain's registrar (contract admin); defaults to the first funded account. */
  registrars?: Partial<Record<"a" | "b" | "relay", LocalAccount>>;
}

/** Handles to every deployed contract, plus the gas each setup step used. */
export interface MedExChainDeployment {
  chains: ChainSet;
  a: { registry: ContractHandle<typeof IdentityRegistryAAbi>; phrIndex: ContractHandle<typeof PhrIndexAAbi>; registrar: LocalAccount };
  b: { registry: ContractHandle<typeof IdentityRegistryBAbi>; exchange: ContractHandle<typeof ExchangeBAbi>; registrar: LocalAccount };
  relay: { relayLog: ContractHandle<typeof RelayLogAbi>; registrar: LocalAccount };
  committee: { members: readonly Address[]; threshold: number };
  /** Gas of every setup transaction, labelled "chain:Contract.function". */
  setupGas: { label: string; gasUsed: bigint }[];
}

async function deployOne<TAbi extends readonly unknown[]>(
  chain: ChainAdapter,
  name: ContractName,
  abi: TAbi,
  args: readonly unknown[],
  from: LocalAccount,
  gas: { label: string; gasUsed: bigint }[],
): Promise<ContractHandle<TAbi & Abi>> {
  const art = loadArtefact(name);
  const { ref, tx } = await chain.deploy({ label: name, abi: art.abi as Abi, bytecode: art.bytecode, args, from });
  gas.push({ label: `${chain.profile.role}:${name}.deploy`, gasUsed: tx.gasUsed });
  return new ContractHandle(chain, ref.address, abi as TAbi & Abi, name);
}

function record(gas: { label: string; gasUsed: bigint }[], label: string, tx: TxResult): void {
  gas.push({ label, gasUsed: tx.gasUsed });
}

/** Deploy everything on chains A, B and relay; resolves once all setup transactions are confirmed. */
export async function deployMedExChain(chains: ChainSet, opts: DeployOptions): Promise<MedExChainDeployment> {
  const n = opts.committee.length;
  const t = opts.threshold;
  if (n === 0 || t < 1 || t > n || 2 * t <= n) {
    throw new ChainConfigError(`committee of ${n} with threshold ${t}: need 1 <= t <= n and 2t > n (a majority)`);
  }
  const window = BigInt(opts.freshnessWindowSec ?? 3600);
  const fallback = chains.funded[0];
  if (!fallback) throw new ChainConfigError("no funded account to deploy from");
  const regA = opts.registrars?.a ?? fallback;
  const regB = opts.registrars?.b ?? fallback;
  const regR = opts.registrars?.relay ?? fallback;
  const members = [...opts.committee];
  const gas: { label: string; gasUsed: bigint }[] = [];

  const [a, b, relay] = await Promise.all([
    (async () => {
      const registry = await deployOne(chains.a, "IdentityRegistryA", IdentityRegistryAAbi, [], regA, gas);
      const phrIndex = await deployOne(chains.a, "PhrIndexA", PhrIndexAAbi, [registry.address, window], regA, gas);
      record(gas, "A:PhrIndexA.setCommittee", await phrIndex.send(regA, "setCommittee", [members, BigInt(t)]));
      return { registry, phrIndex, registrar: regA };
    })(),
    (async () => {
      const registry = await deployOne(chains.b, "IdentityRegistryB", IdentityRegistryBAbi, [], regB, gas);
      const exchange = await deployOne(chains.b, "ExchangeB", ExchangeBAbi, [registry.address, window], regB, gas);
      record(gas, "B:ExchangeB.setCommittee", await exchange.send(regB, "setCommittee", [members, BigInt(t)]));
      return { registry, exchange, registrar: regB };
    })(),
    (async () => {
      const relayLog = await deployOne(chains.relay, "RelayLog", RelayLogAbi, [], regR, gas);
      record(gas, "relay:RelayLog.setCommittee", await relayLog.send(regR, "setCommittee", [members, BigInt(t)]));
      return { relayLog, registrar: regR };
    })(),
  ]);
  const [peerA, peerB] = await Promise.all([
    a.phrIndex.send(regA, "setPeer", [BigInt(chains.b.profile.chainId), b.exchange.address]),
    b.exchange.send(regB, "setPeer", [BigInt(chains.a.profile.chainId), a.phrIndex.address]),
  ]);
  record(gas, "A:PhrIndexA.setPeer", peerA);
  record(gas, "B:ExchangeB.setPeer", peerB);
  return { chains, a, b, relay, committee: { members, threshold: t }, setupGas: gas };
}
