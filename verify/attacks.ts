// Attack graphs of failed claims: Scyther's dot output, rendered to SVG where Graphviz is installed.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { execa } from "execa";

/** Whether Graphviz's `dot` can be run. */
export async function hasGraphviz(): Promise<boolean> {
  const r = await execa("dot", ["-V"], { reject: false, timeout: 10_000 });
  return r.exitCode === 0;
}

/** Write `<name>.dot` (and `<name>.svg` when `render`) under `dir`; paths returned relative to `root`. */
export async function writeAttackGraph(root: string, dir: string, name: string, dot: string, render: boolean): Promise<{ dot: string; svg?: string }> {
  mkdirSync(dir, { recursive: true });
  const dotPath = join(dir, `${name}.dot`);
  writeFileSync(dotPath, dot);
  if (!render) return { dot: relative(root, dotPath) };
  const svgPath = join(dir, `${name}.svg`);
  const r = await execa("dot", ["-Tsvg", "-o", svgPath, dotPath], { reject: false, timeout: 60_000 });
  return r.exitCode === 0 ? { dot: relative(root, dotPath), svg: relative(root, svgPath) } : { dot: relative(root, dotPath) };
}
