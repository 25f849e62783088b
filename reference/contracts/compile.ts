// Deterministic compilation of reference/contracts/src with the bundled solc-js (no compiler download).
// The same sources, compiler and settings always give the same bytes: the metadata hash is left out
// of the bytecode so paths and comments outside the sources cannot change it.
import { readFileSync, readdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";
import { CompilationFailedError } from "./errors.ts";
import { DEPLOYABLE, type Artefact, type ContractName } from "./deployable.ts";

export { DEPLOYABLE, type Artefact, type ContractName };

/** Directory of the Solidity sources. */
export const SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), "src");


/** Fixed compiler settings: part of every artefact's source hash. */
export const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "prague",
  metadata: { bytecodeHash: "none", appendCBOR: false },
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
} as const;


/** The Solidity sources keyed by their solc path ("src/X.sol"). */
export function readSources(dir: string = SOURCE_DIR): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".sol")).sort()) {
    out.set(`src/${f}`, readFileSync(join(dir, f), "utf8"));
  }
  return out;
}

/** The compiler's full version string. */
export function compilerVersion(): string {
  return solc.version() as string;
}

/** The files `path` imports, transitively, including itself (sorted). */
export function importClosure(path: string, sources: Map<string, string>): string[] {
  const seen = new Set<string>();
  const visit = (p: string): void => {
    if (seen.has(p)) return;
    seen.add(p);
    const text = sources.get(p);
    if (text === undefined) return;
    for (const m of text.matchAll(/^\s*import\s+(?:[^"']*from\s+)?["']([^"']+)["']/gm)) {
      visit(posix.normalize(posix.join(posix.dirname(p), m[1]!)));
    }
  };
  visit(path);
  return [...seen].sort();
}

/** Hash of everything a contract's bytes depend on: its import closure, the compiler and the settings. */
export function sourceHashOf(contract: string, sources: Map<string, string>, version: string = compilerVersion()): string {
  const h = createHash("sha256");
  h.update(`solc ${version}\n${JSON.stringify(SETTINGS)}\n`);
  for (const p of importClosure(`src/${contract}.sol`, sources)) {
    const text = sources.get(p) ?? "";
    h.update(`${p}\n${text.length}\n${text}`);
  }
  return `sha256:${h.digest("hex")}`;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
}

/** Compile every source and return the deployable contracts' artefacts. */
export function compileAll(sources: Map<string, string> = readSources()): Map<ContractName, Artefact> {
  const input = {
    language: "Solidity",
    sources: Object.fromEntries([...sources].map(([k, content]) => [k, { content }])),
    settings: SETTINGS,
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)) as string) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new CompilationFailedError(errors.map((e) => e.formattedMessage));
  const version = compilerVersion();
  const out = new Map<ContractName, Artefact>();
  for (const name of DEPLOYABLE) {
    const sourceName = `src/${name}.sol`;
    const c = output.contracts[sourceName]?.[name];
    if (!c) throw new CompilationFailedError([`${sourceName} produced no contract ${name}`]);
    out.set(name, {
      contractName: name,
      sourceName,
      compiler: version,
      sourceHash: sourceHashOf(name, sources, version),
      abi: c.abi,
      bytecode: `0x${c.evm.bytecode.object}`,
      deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
    });
  }
  return out;
}
