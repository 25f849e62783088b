// medexchain conformance [trace…]: check recorded traces (default out/demo/trace.jsonl) and the role
// sources against the spec; writes out/conformance/report.json and exits 1 on any mismatch.
import { describeFailure } from "../../protocol/errors.ts";
import { join, relative, resolve } from "node:path";
import { defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { SPECS, specsNamed } from "../../protocol/registry.ts";
import { buildReport, readTraces, writeReport, type ConformanceReport } from "../../conformance/report.ts";
import { staticCheck } from "../../conformance/static-check.ts";
import { checkTraces } from "../../conformance/trace-check.ts";
import { implementation } from "../../conformance/implementation.ts";
import { repoRoot } from "../repo-root.ts";

export const command = defineCommand({
  name: "conformance",
  summary: "Check recorded traces against the spec (each role's trace an instance of its role, every message decoded through the spec's codec) and the role sources statically (one sender and one receiving handler per message, implementing all its checks). Exit 1 on any mismatch.",
  positionals: "[trace.jsonl…]: traces to check (default: out/demo/trace.jsonl under the repository root, written by `npm start`)",
  options: {
    out: { type: "string", value: "FILE", description: "where to write the report (default: out/conformance/report.json under the repository root)" },
    roles: { type: "string", value: "DIR", description: "role sources for the static check (default: reference/roles)" },
    "skip-static": { type: "boolean", description: "do not run the static check of the role sources" },
    "min-coverage": { type: "string", value: "R", default: "1", description: "exit 1 when a coverage ratio (messages, checks, claims) is below R; 0 to check partial traces" },
    json: { type: "boolean", description: "print the report as JSON" },
  },
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const root = repoRoot();
  const minCoverage = Number(values["min-coverage"]);
  if (!(minCoverage >= 0 && minCoverage <= 1)) {
    console.error(`medexchain conformance: --min-coverage must be a number between 0 and 1, got "${values["min-coverage"]}"`);
    return 2;
  }
  const traces = positionals.length ? positionals.map((p) => resolve(p)) : [join(root, "out/demo/trace.jsonl")];
  const out = outPath(values.out, "out", "conformance", "report.json");
  let inputs;
  try {
    inputs = readTraces(traces);
  } catch (e) {
    console.error(`medexchain conformance: ${describeFailure(e)}`);
    return 2;
  }
  const family = specsNamed("MedExChain");
  const impl = implementation();
  const verdict = checkTraces(inputs, { specs: SPECS, covered: family, sizeOf: impl.sizeOf, semantics: impl.semantics });
  const stat = values["skip-static"] ? null : staticCheck(resolve(values.roles ?? join(root, "reference/roles")), family, root);
  const report = buildReport(traces.map((t) => relative(root, t)), verdict, stat);
  writeReport(out, report);
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printSummary(report, relative(root, out));
  const short = Object.values(report.coverage).some((c) => c < minCoverage);
  if (short && report.conforms) console.error(`medexchain conformance: coverage below ${minCoverage}; the traces do not exercise all of the spec (see "uncovered" in the report)`);
  return report.conforms && !short ? 0 : 1;
}

function printSummary(r: ConformanceReport, out: string): void {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  console.log(`${r.conforms ? "conforms" : "DOES NOT CONFORM"}: ${r.runs} run(s), ${r.events} events from ${r.traces.join(", ")}`);
  console.log(`coverage: messages ${pct(r.coverage.messages)}, checks ${pct(r.coverage.checks)}, claims ${pct(r.coverage.claims)}`);
  console.log(`verified by the checker: ${r.structural.signaturesVerified} signatures, ${r.structural.hashesVerified} hashes; ${Object.keys(r.structural.unverified).length} term(s) not verifiable`);
  if (r.static) console.log(`static: ${r.static.files} role file(s), ${r.static.sends.length} send sites, ${r.static.receives.length} receive handlers`);
  for (const m of r.mismatches.slice(0, 40)) console.log(`  ${m.code} ${m.run || "-"} ${m.role || "-"} ${m.label || "-"}: expected ${m.expected}; observed ${m.observed}. ${m.detail}`);
  if (r.mismatches.length > 40) console.log(`  … and ${r.mismatches.length - 40} more`);
  for (const [k, items] of Object.entries(r.uncovered)) if (items.length) console.log(`  uncovered ${k}: ${items.join(", ")}`);
  console.log(`report: ${out}`);
}
