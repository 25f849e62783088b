// The intended direction between top-level folders. Two flows read from the tree: spec → generators →
// models → verify, and spec → implementation (reference) → scenario → traces → conformance, with
// the adversary beside the scenario and bench/cli on top. Each folder lists what it MAY import;
// anything else is a violation. The README's "Map" and each folder's header say the same.
import { folderCycles, folderOf, importEdges, type ImportEdge } from "./import-graph.ts";

export const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  protocol: [],
  generators: ["protocol"],
  models: [],
  verify: ["protocol", "generators", "models"],
  reference: ["protocol"],
  scenario: ["protocol", "reference"],
  adversary: ["protocol", "reference", "scenario"],
  conformance: ["protocol", "reference", "scenario"],
  bench: ["protocol", "reference", "scenario", "adversary"],
  cli: ["protocol", "generators", "models", "verify", "reference", "scenario", "adversary", "conformance", "bench"],
};

/** Folder-level cycles the layout accepts, each with why: a cycle listed here is not reported. */
export const ACCEPTED_CYCLES: ReadonlyArray<{ readonly folders: readonly string[]; readonly why: string }> = [
  {
    folders: ["protocol", "protocol/specs"],
    why: "the registry (protocol/registry.ts) lists the shipped specs, which are written in protocol/language.ts",
  },
];

export interface Violation {
  readonly edge: ImportEdge;
  readonly rule: string;
}

/** Imports against the direction above, in the source tree under `root`. */
export function directionViolations(root: string): Violation[] {
  const edges = importEdges(root, Object.keys(MAY_IMPORT));
  const out: Violation[] = [];
  for (const edge of edges) {
    const from = folderOf(edge.from, 1);
    const to = folderOf(edge.to, 1);
    if (from === to) continue;
    const allowed = MAY_IMPORT[from] ?? [];
    if (!allowed.includes(to)) out.push({ edge, rule: `${from}/ may import only ${allowed.length ? allowed.map((f) => `${f}/`).join(", ") : "itself"}` });
  }
  return out;
}

/** Cycles between top-level folders and between the sub-folders one level down, minus the accepted ones. */
export function layoutCycles(root: string): string[][] {
  const edges = importEdges(root, Object.keys(MAY_IMPORT));
  const accepted = new Set(ACCEPTED_CYCLES.map((c) => [...c.folders].sort().join(" ")));
  return [...folderCycles(edges, 1), ...folderCycles(edges, 2)].filter((c) => !accepted.has(c.join(" ")));
}
