// medexchain check: well-formedness of every shipped spec (and its BAN annotations grounded in its
// messages), with a summary of what each states.
import { defineCommand, parseCommand } from "../command-spec.ts";
import { SPECS, specsNamed } from "../../protocol/registry.ts";
import { checkSpec, formatProblem } from "../../protocol/check.ts";
import { groundingProblems } from "../../verify/ban/grounding.ts";

export const command = defineCommand({
  name: "check",
  summary: "Well-formedness of every shipped spec (roles, messages, claims) and its BAN annotations grounded in its messages. Exit 1 on any problem.",
  positionals: "[protocol|family…]: the specs to check (default: all)",
  options: {
    json: { type: "boolean", description: "print the summary as JSON" },
  },
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { positionals, values } = parsed;
  const specs = positionals.length ? positionals.flatMap(specsNamed) : [...SPECS];
  let failed = 0;
  const summary = [];
  for (const spec of specs) {
    const wellFormed = checkSpec(spec);
    // Grounding reads names the well-formedness check guarantees, so it runs only on a well-formed spec.
    const problems = wellFormed.length ? wellFormed : groundingProblems(spec);
    failed += problems.length;
    summary.push({ protocol: spec.name, ok: problems.length === 0, roles: spec.roles.map((r) => r.name), messages: spec.messages.map((m) => m.label), claims: spec.claims.map((c) => `${c.label}:${c.type}`), problems });
    if (values.json) continue;
    const mark = problems.length === 0 ? "ok  " : "FAIL";
    console.log(`${mark} ${spec.name} (${spec.source})`);
    console.log(`     roles:    ${spec.roles.map((r) => `${r.name} (${r.title})`).join(", ")}`);
    console.log(`     messages: ${spec.messages.map((m) => `${m.label} ${m.from}→${m.to}${m.channel === "direct" ? "" : ` via ${m.channel}`}`).join(", ")}`);
    console.log(`     claims:   ${spec.claims.map((c) => `${c.role}:${c.label} ${c.type}`).join(", ")}`);
    for (const p of problems) console.log(formatProblem(p));
  }
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  if (failed > 0) console.error(`medexchain check: ${failed} problem(s); fix the spec under protocol/ and run again.`);
  return failed > 0 ? 1 : 0;
}
