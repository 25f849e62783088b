// The repository's import graph between folders, read from the source text: static imports,
// re-exports, type-only imports and dynamic `import()` alike, since each of them ties one folder's
// code to another's. Only relative specifiers are followed; packages are outside the layout.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

export interface ImportEdge {
  readonly from: string; // repository-relative file
  readonly to: string; // repository-relative file or folder the specifier resolves to
  readonly specifier: string;
}

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** Every relative import of every source file under `root`'s given top-level folders. */
export function importEdges(root: string, folders: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const folder of folders) {
    let files: string[];
    try {
      files = sourceFiles(join(root, folder));
    } catch {
      continue; // a folder the repository does not have holds no imports
    }
    for (const file of files) {
      const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      for (const { fileName: specifier } of info.importedFiles) {
        if (!specifier.startsWith(".")) continue;
        const target = resolve(dirname(file), specifier);
        edges.push({ from: toPosix(relative(root, file)), to: toPosix(relative(root, target)), specifier });
      }
    }
  }
  return edges;
}

/** The package specifiers (`solc`, `viem/accounts`, …) a source file imports, statically or dynamically. */
export function packageImports(root: string, file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => !s.startsWith("."));
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** The first `depth` segments of a repository-relative path: `reference/roles/x.ts` → `reference/roles` at 2. */
export function folderOf(path: string, depth: number): string {
  const parts = path.split("/");
  return parts.slice(0, Math.min(depth, parts.length - 1)).join("/") || parts[0]!;
}

/** Cycles between folders at the given depth, each as the list of folders around it. */
export function folderCycles(edges: readonly ImportEdge[], depth: number): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = folderOf(e.from, depth);
    const b = folderOf(e.to, depth);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  // Tarjan's strongly connected components: every component with more than one folder is a cycle.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return cycles;
}

/** Every file reachable from `entries` through relative imports (static and dynamic), entries included. */
export function importClosure(edges: readonly ImportEdge[], entries: readonly string[]): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (!out.has(e.from)) out.set(e.from, []);
    out.get(e.from)!.push(e.to);
  }
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...(out.get(f) ?? []));
  }
  return seen;
}
