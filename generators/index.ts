// Every generator, in one list: `medexchain generate` writes what they return and `--check`
// compares it with what is committed.
import type { ProtocolSpec } from "../protocol/language.ts";
import type { Artefact } from "./artefact.ts";
import { protocolDoc } from "./protocol-doc.ts";
import { banObligations } from "./ban.ts";
import { spdl } from "./spdl.ts";
import { mermaid } from "./mermaid.ts";
import { proverif } from "./proverif.ts";

export type Generator = (specs: readonly ProtocolSpec[]) => Artefact[];

/** The generators, in a fixed order. */
export const GENERATORS: readonly { readonly name: string; readonly run: Generator }[] = [
  { name: "protocol-doc", run: protocolDoc },
  { name: "ban", run: banObligations },
  { name: "spdl", run: spdl },
  { name: "mermaid", run: mermaid },
  { name: "proverif", run: proverif },
];

/** Every artefact for the given specs, sorted by path. */
export function allArtefacts(specs: readonly ProtocolSpec[]): Artefact[] {
  return GENERATORS.flatMap((g) => g.run(specs)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
