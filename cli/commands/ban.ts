// medexchain ban [protocol…] [--json]: prove the BAN goals of the shipped specs and of the BAN-paper
// classics, print the results, and write out/verify/ban.json and out/verify/ban.md. Exit 0 only when
// every result is what is expected: every shipped goal proved with no redundant assumption, and each
// classic conclusion as the paper states it.
import { describeFailure } from "../../protocol/errors.ts";
import { defineCommand, parseCommand } from "../command-spec.ts";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { banMarkdown, runBan, type BanReport } from "../../verify/ban/index.ts";
import { BanUnknownNameError } from "../../verify/ban/errors.ts";
import { derivationMarkdown } from "../../verify/ban/derivation.ts";
import { repoRoot } from "../repo-root.ts";

function writeAtomically(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
}

function printHuman(report: BanReport, trees: boolean): void {
  for (const p of report.protocols) {
    console.log(`${p.ok ? "ok  " : "FAIL"} ${p.name} (${p.source}${p.section ? `; BAN paper: ${p.section}` : ""})`);
    for (const u of p.unsupported) console.log(`  idealisation of ${u.message} not supported: ${u.reason} (removed before proving; fix the idealisation or the message)`);
    for (const u of p.unjustified) console.log(`  assumption ${u.assumption} dropped: ${u.reason}`);
    for (const g of p.goals) {
      const mark = g.proved ? "proved    " : "not proved";
      const flag = g.proved === g.expectProved ? "" : `  <-- expected ${g.expectProved ? "proved" : "not proved"}`;
      console.log(`  ${mark} ${g.id}: ${g.goal}${flag}`);
      if (g.proved) {
        console.log(`             rests on ${g.assumptions.join(", ") || "no assumption"}; messages ${g.messages.join(", ") || "none"}`);
        if (g.redundant && g.redundant.length > 0) console.log(`             redundant (the goal holds without): ${g.redundant.join(", ")}`);
        if (trees && g.derivation) console.log(derivationMarkdown(g.derivation, 6));
      } else {
        console.log(`             missing: ${g.missing?.join("; ") || "—"}`);
        if (trees) console.log(`             nearest: ${g.nearest?.join("; ") || "none"}`);
      }
    }
    if (p.unusedAssumptions.length > 0) console.log(`  assumptions no proved goal uses: ${p.unusedAssumptions.join(", ")}`);
  }
  const t = report.totals;
  console.log(`\n${t.proved}/${t.goals} goals proved in ${t.protocols} protocols; ${t.unexpected === 0 ? "all as expected" : `${t.unexpected} NOT as expected`}; prover time ${report.elapsedMs.toFixed(1)} ms`);
}

/** Run the BAN prover on the named protocols (all when none), print and write the results; 0 when all is as expected. */
export const command = defineCommand({
  name: "ban",
  summary: "Prove the BAN goals of the shipped specs and of the BAN-paper classics; writes out/verify/ban.json and ban.md under the repository root. Exit 0 only when every result is as expected.",
  positionals: "[protocol|family…]: the protocols to prove, with their derivations (default: all, as a summary)",
  options: {
    json: { type: "boolean", description: "print the report as JSON" },
  },
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { positionals, values } = parsed;
  let result: ReturnType<typeof runBan>;
  try {
    result = runBan({ protocols: positionals });
  } catch (e) {
    if (!(e instanceof BanUnknownNameError)) throw e;
    console.error(`medexchain ban: ${describeFailure(e)}`);
    return 2;
  }
  const { ok, report } = result;
  const dir = join(repoRoot(), "out", "verify");
  mkdirSync(dir, { recursive: true });
  writeAtomically(join(dir, "ban.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeAtomically(join(dir, "ban.md"), banMarkdown(report));
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    // Naming protocols asks for their derivations; the full run stays a summary (trees in ban.md).
    printHuman(report, positionals.length > 0);
    console.log(`wrote out/verify/ban.json and out/verify/ban.md`);
  }
  if (!ok) console.error("medexchain ban: some BAN results differ from what is expected; read the goals marked above (or out/verify/ban.md) and fix the annotations or the protocol.");
  return ok ? 0 : 1;
}
