// `npm run build:contracts`: compile the Solidity sources and write build/<Contract>.json and build/abi.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileAll } from "./compile.ts";
import { BUILD_DIR, artefactPath, renderAbiModule, renderArtefact } from "./artefacts.ts";

/** Compile and write every artefact into `dir`; returns the files written. */
export function buildContracts(dir: string = BUILD_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  const artefacts = compileAll();
  const written: string[] = [];
  for (const [name, a] of artefacts) {
    writeFileSync(artefactPath(name, dir), renderArtefact(a));
    written.push(artefactPath(name, dir));
  }
  writeFileSync(join(dir, "abi.ts"), renderAbiModule(artefacts));
  written.push(join(dir, "abi.ts"));
  return written;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  for (const f of buildContracts()) process.stdout.write(`wrote ${f}\n`);
}
