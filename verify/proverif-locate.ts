// Finding ProVerif: the PROVERIF environment variable first, then `proverif` on PATH.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { MedExChainError } from "../protocol/errors.ts";

export interface ProverifBinary {
  readonly path: string;
  readonly version: string;
}

/** Where to get ProVerif, printed whenever it cannot be found. */
export const PROVERIF_INSTALL_HINT = [
  "Install ProVerif (2.05) and put it on PATH as `proverif`, or set PROVERIF=/path/to/binary:",
  "  - it is on no package registry here; build it from its public source outside this repository:",
  "    git clone https://github.com/comeillfoo/proverif_2_05 && cd proverif_2_05 && ./build",
  "    (needs OCaml, e.g. Debian's ocaml-nox; the GUI step after it may fail for lack of ocamlfind, which does not matter).",
].join("\n");

export class ProverifNotFoundError extends MedExChainError {
  constructor(readonly tried: readonly string[]) {
    super("E_PROVERIF_NOT_FOUND", `ProVerif was not found (looked for ${tried.join(", ")})`, PROVERIF_INSTALL_HINT);
  }
}

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The candidate binary, or a ProverifNotFoundError naming every place looked at. */
export function locateProverif(env: NodeJS.ProcessEnv = process.env): string {
  const tried: string[] = [];
  const fromEnv = env.PROVERIF;
  if (fromEnv) {
    tried.push(`PROVERIF=${fromEnv}`);
    if (executable(fromEnv)) return fromEnv;
    // An explicit setting that does not work is an error, not a reason to pick something else.
    throw new ProverifNotFoundError(tried);
  }
  tried.push("proverif on PATH");
  for (const d of (env.PATH ?? "").split(delimiter).filter(Boolean)) if (executable(join(d, "proverif"))) return join(d, "proverif");
  throw new ProverifNotFoundError(tried);
}

/** ProVerif's version from its `-help` banner ("Proverif 2.05. Cryptographic protocol verifier, …"). */
export function parseProverifVersion(text: string): string | undefined {
  return /Proverif\s+(\d+\.\d+(?:\.\d+)?)/i.exec(text)?.[1];
}

/** Locate ProVerif and ask it for its version. */
export async function findProverif(env: NodeJS.ProcessEnv = process.env): Promise<ProverifBinary> {
  const path = locateProverif(env);
  const r = await execa(path, ["-help"], { reject: false, all: true, timeout: 10_000 });
  return { path, version: parseProverifVersion(r.all ?? "") ?? "unknown" };
}
