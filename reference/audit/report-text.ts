// The auditor's report for people: each log, each share's trail, then every finding with the party
// it names.
import type { AuditReport } from "./auditor.ts";

/** Render an audit report as text, one line per log, share and finding. */
export function formatAuditReport(r: AuditReport): string {
  const lines: string[] = [];
  lines.push(`audit: ${r.entries} log entries on ${r.logs.length} contracts`);
  for (const l of r.logs) lines.push(`  ${l.intact ? "ok  " : "FAIL"} ${l.contract.padEnd(18)} ${l.chain} — ${l.entries} entries${l.intact ? ", hash chain intact" : ""}`);
  lines.push(`shares: ${r.shares.length}`);
  for (const s of r.shares) {
    const trail = s.steps.map((x) => `${x.phase}@${x.chain}#${x.seq}`).join(" → ");
    lines.push(`  ${s.requestId.slice(0, 10)}… ${s.status.padEnd(17)} ${trail}`);
  }
  if (r.findings.length === 0) lines.push("findings: none — every log is intact and every share matches across the chains");
  else {
    lines.push(`findings: ${r.findings.length}`);
    for (const f of r.findings) lines.push(`  [${f.kind}] ${f.phase} on chain ${f.chain}, party ${f.party}${f.members?.length ? ` (members ${f.members.join(", ")})` : ""}: ${f.detail}`);
  }
  lines.push(r.clean ? "verdict: CLEAN" : "verdict: NOT CLEAN");
  return lines.join("\n");
}
