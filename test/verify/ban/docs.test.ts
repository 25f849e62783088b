// docs/ban.md's results table is the prover's output: a row per goal, the same verdict, the same
// assumptions (or missing facts). A change to the annotations that is not reflected in the docs fails here.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../../cli/repo-root.ts";
import { runBan } from "../../../verify/ban/index.ts";

const unescape = (s: string) => s.replace(/\\\|/g, "|");

function tableRows(md: string): Map<string, { result: string; basis: string[] }> {
  const rows = new Map<string, { result: string; basis: string[] }>();
  for (const line of md.split("\n")) {
    const m = /^\| (\S+) \| `([^`]+)` \| (proved|not proved) \| (.*) \|$/.exec(line);
    if (!m) continue;
    const basis = [...m[4]!.matchAll(/`((?:[^`\\]|\\.)+)`/g)].map((x) => unescape(x[1]!));
    rows.set(`${m[1]} ${m[2]}`, { result: m[3]!, basis });
  }
  return rows;
}

/** Every way the table disagrees with the prover's report. */
function mismatches(rows: ReturnType<typeof tableRows>, report: ReturnType<typeof runBan>["report"]): string[] {
  const out: string[] = [];
  const goals = report.protocols.flatMap((p) => p.goals.map((g) => ({ key: `${p.name} ${g.id}`, g })));
  for (const key of rows.keys()) if (!goals.some((x) => x.key === key)) out.push(`${key}: no such goal`);
  for (const { key, g } of goals) {
    const row = rows.get(key);
    if (!row) out.push(`${key}: no row`);
    else if (row.result !== (g.proved ? "proved" : "not proved")) out.push(`${key}: says ${row.result}`);
    else if (JSON.stringify(row.basis) !== JSON.stringify(g.proved ? g.assumptions : g.missing)) out.push(`${key}: rests on ${row.basis.join(", ")}`);
  }
  return out;
}

describe("docs/ban.md", () => {
  const md = readFileSync(join(repoRoot(), "docs", "ban.md"), "utf8");
  const { report } = runBan({ ablation: false });
  it("has one results row per goal, with the prover's verdict and what it rests on (or lacks)", () => {
    expect(mismatches(tableRows(md), report)).toEqual([]);
  });
  it("would notice a wrong verdict, a wrong basis or a missing row", () => {
    const wrongVerdict = md.replace("| NSSK | `B-key` | not proved |", "| NSSK | `B-key` | proved |");
    expect(mismatches(tableRows(wrongVerdict), report)).toContain("NSSK B-key: says proved");
    const wrongBasis = md.replace("| Kerberos | `B-key` | proved | `B-Kbs`, ", "| Kerberos | `B-key` | proved | ");
    expect(mismatches(tableRows(wrongBasis), report).some((m) => m.startsWith("Kerberos B-key: rests on"))).toBe(true);
    const dropped = md.split("\n").filter((l) => !l.startsWith("| AndrewRPC | `A-key`")).join("\n");
    expect(mismatches(tableRows(dropped), report)).toContain("AndrewRPC A-key: no row");
  });
});
