// A deployment's contract addresses on disk, so a later process (the auditor against external
// nodes, the relay process of the fault experiments) can attach to contracts it did not deploy.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { isAddress, type Address } from "viem";
import type { ChainSet } from "../chains/adapter.ts";
import { ContractHandle } from "../chains/contract-handle.ts";
import type { MedExChainDeployment } from "../chains/deploy.ts";
import { ExchangeBAbi, IdentityRegistryAAbi, IdentityRegistryBAbi, PhrIndexAAbi, RelayLogAbi } from "../contracts/build/abi.ts";
import { MedExChainError } from "../../protocol/errors.ts";

/** The addresses of a deployment's five contracts, with the chain ids they live on. */
export interface DeploymentAddresses {
  chainIds: { a: number; b: number; relay: number };
  a: { registry: Address; phrIndex: Address };
  b: { registry: Address; exchange: Address };
  relay: { relayLog: Address };
}

/** A deployment file that cannot be used: missing, malformed, or for other chains. */
export class DeploymentFileError extends MedExChainError {
  constructor(path: string, detail: string) {
    super("E_DEPLOYMENT_FILE", `deployment file ${path}: ${detail}`, `write one with \`medexchain audit --rpc-a … --save-deployment ${path}\` (or point --deployment at the right file)`);
  }
}

/** The addresses of a deployment. */
export function addressesOf(d: MedExChainDeployment): DeploymentAddresses {
  return {
    chainIds: { a: d.chains.a.profile.chainId, b: d.chains.b.profile.chainId, relay: d.chains.relay.profile.chainId },
    a: { registry: d.a.registry.address, phrIndex: d.a.phrIndex.address },
    b: { registry: d.b.registry.address, exchange: d.b.exchange.address },
    relay: { relayLog: d.relay.relayLog.address },
  };
}

/** Write a deployment's addresses as JSON. */
export function saveDeployment(d: MedExChainDeployment, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(addressesOf(d), null, 2) + "\n");
}

/** Read and check a deployment file. */
export function loadDeployment(path: string): DeploymentAddresses {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new DeploymentFileError(path, (e as Error).message);
  }
  const x = raw as DeploymentAddresses;
  const addrs = [x?.a?.registry, x?.a?.phrIndex, x?.b?.registry, x?.b?.exchange, x?.relay?.relayLog];
  if (!addrs.every((a) => typeof a === "string" && isAddress(a))) throw new DeploymentFileError(path, "it lacks one of a.registry, a.phrIndex, b.registry, b.exchange, relay.relayLog as addresses");
  if (![x.chainIds?.a, x.chainIds?.b, x.chainIds?.relay].every((n) => Number.isInteger(n))) throw new DeploymentFileError(path, "it lacks chainIds {a, b, relay}");
  return x;
}

/** Handles to an existing deployment on open chains; the committee is read from chain A's PHR index. */
export async function attachDeployment(chains: ChainSet, x: DeploymentAddresses, path = "(in memory)"): Promise<MedExChainDeployment> {
  const got = { a: chains.a.profile.chainId, b: chains.b.profile.chainId, relay: chains.relay.profile.chainId };
  if (got.a !== x.chainIds.a || got.b !== x.chainIds.b || got.relay !== x.chainIds.relay)
    throw new DeploymentFileError(path, `it is for chains ${x.chainIds.a}/${x.chainIds.b}/${x.chainIds.relay}, the nodes are ${got.a}/${got.b}/${got.relay}`);
  const registrar = chains.funded[0];
  if (!registrar) throw new DeploymentFileError(path, "the chains have no funded account to act as registrar");
  const phrIndex = new ContractHandle(chains.a, x.a.phrIndex, PhrIndexAAbi, "PhrIndexA");
  const [members, threshold] = await Promise.all([phrIndex.read("committeeMembers"), phrIndex.read("threshold")]);
  return {
    chains,
    a: { registry: new ContractHandle(chains.a, x.a.registry, IdentityRegistryAAbi, "IdentityRegistryA"), phrIndex, registrar },
    b: { registry: new ContractHandle(chains.b, x.b.registry, IdentityRegistryBAbi, "IdentityRegistryB"), exchange: new ContractHandle(chains.b, x.b.exchange, ExchangeBAbi, "ExchangeB"), registrar },
    relay: { relayLog: new ContractHandle(chains.relay, x.relay.relayLog, RelayLogAbi, "RelayLog"), registrar },
    committee: { members: [...members], threshold: Number(threshold) },
    setupGas: [],
  };
}
