// What the deployment needs of the build: which contracts are deployed and their committed
// artefacts. Nothing here loads solc, so the product path (deploy, demo, relay process) never
// does; only the contract build and its freshness test compile (compile.ts, artefacts.ts).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MissingArtefactError } from "./errors.ts";

/** The contracts that get deployed and therefore have artefacts. */
export const DEPLOYABLE = ["IdentityRegistryA", "PhrIndexA", "IdentityRegistryB", "ExchangeB", "RelayLog"] as const;
export type ContractName = (typeof DEPLOYABLE)[number];

/** One compiled contract as committed under build/. */
export interface Artefact {
  contractName: string;
  sourceName: string;
  compiler: string;
  sourceHash: string;
  abi: unknown[];
  bytecode: `0x${string}`;
  deployedBytecode: `0x${string}`;
}

/** Directory of the committed artefacts. */
export const BUILD_DIR = join(dirname(fileURLToPath(import.meta.url)), "build");

/** Path of a contract's artefact JSON. */
export function artefactPath(name: ContractName, dir: string = BUILD_DIR): string {
  return join(dir, `${name}.json`);
}

/** Load one committed artefact. */
export function loadArtefact(name: ContractName, dir: string = BUILD_DIR): Artefact {
  const p = artefactPath(name, dir);
  if (!existsSync(p)) throw new MissingArtefactError(name);
  return JSON.parse(readFileSync(p, "utf8")) as Artefact;
}
