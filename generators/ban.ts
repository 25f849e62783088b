// spec → models/<name>.ban.md and models/<name>.ban.json: the BAN proof obligations (initial
// assumptions, idealised messages, goals and whether each goal is expected to be provable) for every
// shipped spec that has BAN annotations and for every BAN-paper classic the prover is validated on.
import type { ProtocolSpec } from "../protocol/language.ts";
import type { BanFormula } from "../protocol/ban.ts";
import { showBan } from "../protocol/ban.ts";
import { BAN_CLASSICS, BAN_PAPER, type BanClassic } from "../protocol/specs/ban-classics/index.ts";
import { checkSpec, SpecCheckError } from "../protocol/check.ts";
import { generatedHeader, type Artefact } from "./artefact.ts";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (f: BanFormula) => `\`${cell(showBan(f))}\``;

function expectation(classic: BanClassic | undefined, goal: string): boolean {
  return classic?.conclusions.find((c) => c.goal === goal)?.expectProved ?? true;
}

function obligationsMarkdown(spec: ProtocolSpec, classic: BanClassic | undefined): string {
  const out = [
    generatedHeader((l) => `<!-- ${l} -->`, [spec]),
    "",
    `# BAN proof obligations: ${spec.title} (\`${spec.name}\`)`,
    "",
    spec.description,
    "",
    classic ? `A protocol from the BAN paper (${BAN_PAPER}), section "${classic.section}", with the paper's idealisation.` : `Stated in \`${spec.source}\`.`,
    "Notation: `P |≡ X` P believes X; `P ◁ X` P sees X; `P |~ X` P once said X; `P ⇒ X` P has jurisdiction over X;",
    "`#(X)` X is fresh; `P ↔[K] Q` K is a good key for P and Q; `→[K] P` K is P's public key; `P ⇌[Y] Q` Y is a secret",
    "shared by P and Q; `{X}_K` X encrypted under K; `{X}_K⁻¹` X signed with the private key of K; `⟨X⟩_Y` X combined with secret Y.",
    "",
    "## Initial assumptions",
    "",
    "| id | assumption |",
    "|---|---|",
    ...spec.ban.assumptions.map((a) => `| \`${a.id}\` | ${code(a.formula)} |`),
    "",
    "## Idealised messages",
    "",
    "| step | message | from → to | idealised form |",
    "|---|---|---|---|",
    ...spec.ban.idealised.map((i, n) => `| ${n + 1} | ${i.label} | ${i.from} → ${i.to} | ${code(i.formula)} |`),
    "",
    "## Goals",
    "",
    "| id | goal | meaning | expected |",
    "|---|---|---|---|",
    ...spec.ban.goals.map((g) => `| \`${g.id}\` | ${code(g.formula)} | ${cell(g.description)} | ${expectation(classic, g.id) ? "provable" : "not provable"} |`),
    "",
    `Proofs: \`medexchain ban ${spec.name}\` (derivations in \`out/verify/ban.md\`).`,
    "",
  ];
  return out.join("\n");
}

function obligationsJson(spec: ProtocolSpec, classic: BanClassic | undefined): string {
  const doc = {
    generated: generatedHeader((l) => l, [spec]).split("\n"),
    protocol: spec.name,
    title: spec.title,
    family: spec.family,
    source: spec.source,
    classic: classic ? { paper: BAN_PAPER, section: classic.section } : null,
    principals: spec.roles.map((r) => r.name),
    assumptions: spec.ban.assumptions.map((a) => ({ id: a.id, text: showBan(a.formula), formula: a.formula })),
    idealised: spec.ban.idealised.map((i, n) => ({ step: n + 1, label: i.label, from: i.from, to: i.to, text: showBan(i.formula), formula: i.formula })),
    goals: spec.ban.goals.map((g) => ({ id: g.id, text: showBan(g.formula), description: g.description, expectProved: expectation(classic, g.id), formula: g.formula })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The BAN obligations of every given spec with BAN goals, and of every BAN-paper classic. */
export function banObligations(specs: readonly ProtocolSpec[]): Artefact[] {
  return obligationsFor(specs, BAN_CLASSICS);
}

/** The obligations of the given specs and classics; the classics must be well-formed, as `generate` checks only SPECS. */
export function obligationsFor(specs: readonly ProtocolSpec[], classics: readonly BanClassic[]): Artefact[] {
  const problems = classics.flatMap((c) => checkSpec(c.spec));
  if (problems.length > 0) throw new SpecCheckError(problems);
  const targets: [ProtocolSpec, BanClassic | undefined][] = [
    ...specs.filter((s) => s.ban.goals.length > 0).map((s) => [s, undefined] as [ProtocolSpec, BanClassic | undefined]),
    ...classics.map((c) => [c.spec, c] as [ProtocolSpec, BanClassic | undefined]),
  ];
  return targets.flatMap(([spec, classic]) => [
    { path: `models/${spec.name}.ban.md`, content: obligationsMarkdown(spec, classic) },
    { path: `models/${spec.name}.ban.json`, content: obligationsJson(spec, classic) },
  ]);
}
