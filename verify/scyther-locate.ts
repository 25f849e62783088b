// Finding Scyther: the SCYTHER environment variable first, then `scyther-linux` or `scyther` on PATH.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { parseVersion } from "./scyther-output.ts";
import { MedExChainError } from "../protocol/errors.ts";

export interface ScytherBinary {
  readonly path: string;
  readonly version: string;
}

/** Where to get Scyther, printed whenever it cannot be found. */
export const INSTALL_HINT = [
  "Install Scyther (v1.1.3 or later) and put it on PATH as `scyther-linux` or `scyther`, or set SCYTHER=/path/to/binary:",
  "  - official release: https://github.com/cascremers/scyther/releases (the Linux archive holds `scyther-linux`),",
  "  - or build it from its public source: git clone https://github.com/cascremers/scyther && cd scyther/src && ./build.sh",
  "    (needs cmake, flex, bison and a C compiler; the binary lands in scyther/gui/Scyther/).",
].join("\n");

export class ScytherNotFoundError extends MedExChainError {
  constructor(readonly tried: readonly string[]) {
    super("E_SCYTHER_NOT_FOUND", `Scyther was not found (looked for ${tried.join(", ")})`, INSTALL_HINT);
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

/** The candidate binary, or a ScytherNotFoundError naming every place looked at. */
export function locateScyther(env: NodeJS.ProcessEnv = process.env): string {
  const tried: string[] = [];
  const fromEnv = env.SCYTHER;
  if (fromEnv) {
    tried.push(`SCYTHER=${fromEnv}`);
    if (executable(fromEnv)) return fromEnv;
    // An explicit setting that does not work is an error, not a reason to pick something else.
    throw new ScytherNotFoundError(tried);
  }
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const name of ["scyther-linux", "scyther"]) {
    tried.push(`${name} on PATH`);
    for (const d of dirs) if (executable(join(d, name))) return join(d, name);
  }
  throw new ScytherNotFoundError(tried);
}

/** Locate Scyther and ask it for its version. */
export async function findScyther(env: NodeJS.ProcessEnv = process.env): Promise<ScytherBinary> {
  const path = locateScyther(env);
  const r = await execa(path, ["--version"], { reject: false, all: true, timeout: 10_000 });
  return { path, version: parseVersion(r.all ?? "") ?? "unknown" };
}
