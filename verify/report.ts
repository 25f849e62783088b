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

export interface VerifyReport {
  readonly scyther: { readonly path: string | null; readonly version: string | null; readonly missing?: string };
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
