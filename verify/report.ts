// out/verify/report.json and report.md: every claim's verdict beside its bound, switches and time,
// compared with what the spec expects.
import type { Verdict } from "../protocol/language.ts";
import type { ClaimStatus } from "./scyther-output.ts";

export interface ClaimReport {
  readonly protocol: string;
  readonly role: string;
  readonly label: string;
  readonly type: string;
  readonly parameter: string;
  readonly status: ClaimStatus;
  /** Scyther's wording: "proof of correctness" is a proof; "no attack within bounds" only covers the bound. */
  readonly refinement: string;
  readonly attacks: number;
  /** The bound on runs; 0 when unbounded. */
  readonly maxRuns: number;
  readonly unbounded: boolean;
  readonly match: number;
  readonly switches: readonly string[];
  readonly seconds: number;
  readonly expected: Verdict;
  readonly matchesExpected: boolean;
  /** Attack graph files for a failed claim, relative to the repository root. */
  readonly attackGraph?: { readonly dot: string; readonly svg?: string };
  readonly detail?: string;
}

/** A part of the verification that needs no Scyther (fresh models, models that parse back to the spec, BAN). */
export interface SectionReport {
  readonly name: string;
  readonly ok: boolean;
  readonly summary: string;
  /** Files the section wrote, relative to the repository root. */
  readonly files: readonly string[];
  readonly problems: readonly string[];
}

/** One ProVerif query's verdict (unbounded sessions), compared with what the spec expects. */
export interface ProverifQueryReport {
  readonly protocol: string;
  readonly label: string;
  readonly role: string;
  readonly kind: "secrecy" | "agreement" | "reachability";
  readonly status: "Ok" | "Fail" | "Inconclusive" | "Timeout" | "Error";
  /** ProVerif's words: "is true", "is false" (with a trace), "cannot be proved". */
  readonly answer: string;
  readonly seconds: number;
  readonly expected: Verdict | "Inconclusive";
  readonly matchesExpected: boolean;
  /** The single-query model and ProVerif's output (derivation, attack trace), relative to the repository root. */
  readonly files: { readonly model: string; readonly output: string };
  readonly detail?: string;
}

export interface VerifyReport {
  readonly scyther: { readonly path: string | null; readonly version: string | null; readonly missing?: string };
  readonly proverif: { readonly path: string | null; readonly version: string | null; readonly missing?: string };
  readonly proverifQueries: readonly ProverifQueryReport[];
  readonly settings: { readonly maxRuns: number; readonly unbounded: boolean; readonly match: number; readonly timeoutSeconds: number; readonly concurrency: number; readonly opaque: boolean };
  readonly claims: readonly ClaimReport[];
  readonly sections: readonly SectionReport[];
  readonly wallSeconds: number;
  readonly ok: boolean;
}

/** Whether a verdict is what the spec expects (a Timeout or an Error never is). */
export function matchesExpectation(status: ClaimStatus, expected: Verdict): boolean {
  return status === expected;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function bound(c: ClaimReport): string {
  return c.unbounded ? "unbounded" : `${c.maxRuns} runs`;
}

/** report.md: the claims table, the bound of every verdict, and the other sections. */
export function reportMarkdown(r: VerifyReport): string {
  const out = ["# Verification report", ""];
  if (r.scyther.path) out.push(`Scyther ${r.scyther.version} at \`${r.scyther.path}\`; ${r.settings.concurrency} processes in parallel; ${r.wallSeconds.toFixed(1)} s wall in all.`);
  else out.push(`**Scyther was not run**: ${r.scyther.missing ?? "not found"}`);
  out.push(
    "",
    `Bound: ${r.settings.unbounded ? "unbounded" : `at most ${r.settings.maxRuns} runs`} (helper-protocol runs included), type matching --match=${r.settings.match} (${r.settings.match === 0 ? "no type flaws" : "type flaws allowed"}), ${r.settings.timeoutSeconds} s CPU per claim; receive patterns ${r.settings.opaque ? "opaque (Ticket variables)" : "structural (the committed models)"}.`,
    "`Ok` with *no attack within bounds* holds up to the bound only; *proof of correctness* is a proof for any number of runs.",
    "",
  );
  if (r.claims.length > 0) {
    out.push("| protocol | claim | role | type | parameter | status | Scyther says | bound | seconds | expected | as expected |", "|---|---|---|---|---|---|---|---|---|---|---|");
    for (const c of r.claims) {
      const graph = c.attackGraph ? ` ([attack](../../${c.attackGraph.svg ?? c.attackGraph.dot}))` : "";
      out.push(
        `| ${c.protocol} | ${c.label} | ${c.role} | ${c.type} | \`${cell(c.parameter)}\` | ${c.status}${graph} | ${cell(c.refinement)}${c.detail ? `: ${cell(c.detail)}` : ""} | ${bound(c)} | ${c.seconds.toFixed(2)} | ${c.expected} | ${c.matchesExpected ? "yes" : "**NO**"} |`,
      );
    }
    out.push("");
  }
  out.push(...sideBySideMarkdown(r));
  for (const s of r.sections) {
    out.push(`## ${s.name}: ${s.ok ? "ok" : "FAILED"}`, "", s.summary, "");
    for (const p of s.problems) out.push(`- ${cell(p)}`);
    if (s.problems.length) out.push("");
    if (s.files.length) out.push(`Files: ${s.files.map((f) => `\`${f}\``).join(", ")}`, "");
  }
  out.push(`Result: ${r.ok ? "every verdict as expected" : "**some verdict differs from its expectation** (see above)"}.`, "");
  return out.join("\n");
}

/** The claims table for the terminal. */
export function claimsTable(claims: readonly ClaimReport[]): string {
  const head = ["protocol", "claim", "type", "status", "Scyther says", "bound", "s", "expected", ""];
  const rows = claims.map((c) => [
    c.protocol,
    `${c.role}:${c.label}`,
    c.type,
    c.status,
    c.refinement.length > 34 ? `${c.refinement.slice(0, 33)}…` : c.refinement,
    bound(c),
    c.seconds.toFixed(2),
    c.expected,
    c.matchesExpected ? "ok" : "MISMATCH",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => x.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** One row per claim (and per reachability query): both verifiers' verdicts with their bounds and times. */
export interface SideBySideRow {
  readonly protocol: string;
  readonly label: string;
  readonly type: string;
  readonly scyther?: { readonly status: string; readonly bound: string; readonly seconds: number; readonly ok: boolean };
  readonly proverif?: { readonly status: string; readonly answer: string; readonly seconds: number; readonly ok: boolean; readonly expected: string };
  readonly expected: Verdict | "Inconclusive";
}

export function sideBySide(claims: readonly ClaimReport[], queries: readonly ProverifQueryReport[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  const key = (p: string, l: string) => `${p},${l}`;
  const pv = new Map(queries.map((q) => [key(q.protocol, q.label), q]));
  for (const c of claims) {
    const q = pv.get(key(c.protocol, c.label));
    pv.delete(key(c.protocol, c.label));
    rows.push({
      protocol: c.protocol,
      label: c.label,
      type: c.type,
      scyther: { status: c.status, bound: bound(c), seconds: c.seconds, ok: c.matchesExpected },
      ...(q ? { proverif: { status: q.status, answer: q.answer, seconds: q.seconds, ok: q.matchesExpected, expected: q.expected } } : {}),
      expected: c.expected,
    });
  }
  for (const q of pv.values())
    rows.push({ protocol: q.protocol, label: q.label, type: q.kind === "reachability" ? "Reachable" : q.kind, proverif: { status: q.status, answer: q.answer, seconds: q.seconds, ok: q.matchesExpected, expected: q.expected }, expected: q.expected });
  return rows;
}

function sideBySideMarkdown(r: VerifyReport): string[] {
  if (r.proverifQueries.length === 0 && !r.proverif.path) return [`**ProVerif was not run**: ${r.proverif.missing ?? "not found"}`, ""];
  const out = [
    "## Scyther and ProVerif, claim by claim",
    "",
    `ProVerif ${r.proverif.version ?? "?"} at \`${r.proverif.path ?? "-"}\`: unbounded sessions, every role replicated, any agent corruptible at any time. A reachability row (\`end<Role>\`) is Ok when the role's end is reachable, so no proof is vacuous. Alive, Weakagree, Niagree and Nisynch are Scyther's alone.`,
    "",
    "| protocol | claim | type | Scyther | bound | s | ProVerif | ProVerif says | s | expected | as expected |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const pvFile = new Map(r.proverifQueries.map((q) => [`${q.protocol},${q.label}`, q.files.output]));
  for (const row of sideBySide(r.claims, r.proverifQueries)) {
    const s = row.scyther;
    const p = row.proverif;
    const file = pvFile.get(`${row.protocol},${row.label}`);
    const ok = (s?.ok ?? true) && (p?.ok ?? true);
    out.push(
      `| ${row.protocol} | ${row.label} | ${row.type} | ${s?.status ?? "—"} | ${s?.bound ?? "—"} | ${s ? s.seconds.toFixed(2) : "—"} | ${p ? `${p.status}${file ? ` ([output](../../${file}))` : ""}` : "—"} | ${p?.answer ?? "—"} | ${p ? p.seconds.toFixed(2) : "—"} | ${row.expected}${p && p.expected !== row.expected ? ` (ProVerif: ${p.expected})` : ""} | ${ok ? "yes" : "**NO**"} |`,
    );
  }
  out.push("");
  return out;
}

/** The side-by-side table for the terminal. */
export function sideBySideTable(claims: readonly ClaimReport[], queries: readonly ProverifQueryReport[]): string {
  const head = ["protocol", "claim", "type", "Scyther", "bound", "s", "ProVerif", "unbounded", "s", "expected", ""];
  const rows = sideBySide(claims, queries).map((r) => [
    r.protocol,
    r.label,
    r.type,
    r.scyther?.status ?? "-",
    r.scyther?.bound ?? "-",
    r.scyther ? r.scyther.seconds.toFixed(2) : "-",
    r.proverif?.status ?? "-",
    r.proverif?.answer ?? "-",
    r.proverif ? r.proverif.seconds.toFixed(2) : "-",
    `${r.expected}${r.proverif && r.proverif.expected !== r.expected ? `/${r.proverif.expected}` : ""}`,
    (r.scyther?.ok ?? true) && (r.proverif?.ok ?? true) ? "ok" : "MISMATCH",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => x.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
