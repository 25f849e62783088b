// spec → models/<protocol>.mmd (a Mermaid sequence diagram) and docs/models.md, which shows every
// diagram next to the claims Scyther checks and how to run the verify script.
import type { ProtocolSpec } from "../protocol/language.ts";
import { expectedVerdict } from "../protocol/language.ts";
import { show, type Term } from "../protocol/terms.ts";
import { proverifModelPath, proverifQueries } from "./proverif.ts";
import { generatedHeader, type Artefact } from "./artefact.ts";
import { modelPath } from "./spdl.ts";

/** Where a protocol's diagram is written. */
export function diagramPath(spec: ProtocolSpec): string {
  return `models/${spec.name}.mmd`;
}

// Mermaid ends a statement at ';' and reads '#' as an entity: escape both, in one pass so an escape is not escaped again.
const text = (s: string) => s.replace(/[#;]/g, (c) => (c === "#" ? "#35;" : "#59;")).replace(/\s+/g, " ").trim();

const termText = (t: Term): string => (t.kind === "tuple" ? t.items.map(show).join(", ") : show(t));

function claimNote(spec: ProtocolSpec, label: string): string {
  const c = spec.claims.find((x) => x.label === label)!;
  const about = [c.peer ?? "", ...(c.data ?? []).map(show)].filter(Boolean).join(", ");
  const expect = c.type === "Running" ? "" : ` [expect ${expectedVerdict(spec, c.label)}]`;
  return `  Note over ${c.role}: ${text(`${c.label} ${c.type}${about ? `(${about})` : ""}${expect}`)}`;
}

/** The sequence diagram of one protocol, as Mermaid text. */
export function mermaidDiagram(spec: ProtocolSpec): string {
  const out = [generatedHeader((l) => `%% ${l}`, [spec]), "sequenceDiagram"];
  for (const r of spec.roles) out.push(`  participant ${r.name} as ${text(`${r.name}: ${r.title}`)}`);
  let phase = "";
  for (const e of spec.events) {
    if (e.kind === "claim") {
      out.push(claimNote(spec, e.label));
      continue;
    }
    const m = spec.messages.find((x) => x.label === e.label)!;
    if (m.phase !== phase) {
      phase = m.phase;
      const first = spec.roles[0]!.name;
      const last = spec.roles[spec.roles.length - 1]!.name;
      out.push(`  Note over ${first},${last}: ${text(`phase: ${phase}`)}`);
    }
    const via = m.channel === "direct" ? "" : ` via ${m.channel}`;
    out.push(`  ${m.from}->>${m.to}: ${text(`${m.label}${via}: ${termText(m.term)}`)}`);
  }
  return `${out.join("\n")}\n`;
}

const VERIFY_USAGE = `## Verifying the models (README section)

\`npm run verify\` (the same as \`medexchain verify\`) checks every claim of every model in \`models/\`:

- It finds Scyther through the \`SCYTHER\` environment variable, else \`scyther-linux\` or \`scyther\` on \`PATH\`.
  Without Scyther it says so, tells you how to install it (the official release from
  https://github.com/cascremers/scyther/releases, or a build of its public source), still runs the checks that need
  no Scyther (the models are fresh and parse back to the spec), and exits with code **3**.
- It runs one Scyther process per claim (\`--filter=<protocol>,<label>\`), in parallel across the cores, each with a
  time limit (\`--timeout <s>\`, default 120 s), at Scyther's default bound of 5 runs (\`--max-runs <n>\` to change it,
  \`--unbounded\` for no bound), without type flaws (\`--match 0\`).
- It runs ProVerif beside Scyther (found through \`PROVERIF\` or \`proverif\` on \`PATH\`; \`--no-proverif\` skips it): one
  process per query of \`models/<name>.pv\` (each secrecy and agreement claim, and a reachability query per role),
  for unbounded sessions, and shows both verdicts per claim side by side; ProVerif's output (derivation, attack
  trace) is kept under \`out/verify/proverif/\`. A claim may ask for a larger Scyther bound (\`minRuns\`).
- It writes \`out/verify/report.json\` and \`out/verify/report.md\` (status, Scyther's own wording, the bound and
  every switch beside each verdict, seconds per claim) and prints the table. A verdict of \`Ok\` with
  "no attack within bounds" is bounded evidence, not a proof; "proof of correctness" is a proof.
- For every failed claim it writes Scyther's attack graph to \`out/verify/attacks/<protocol>-<label>.dot\`, and an
  \`.svg\` beside it when Graphviz's \`dot\` is installed.
- Each verdict is compared with the expectation stated in the spec (\`expect\` in \`protocol/\`; a claim without one
  must hold): Needham–Schroeder must show Lowe's attack, Needham–Schroeder–Lowe none. Exit code 0: every verdict as
  expected; 1: some verdict differs (or a claim timed out or errored); 3: Scyther is missing.
- The same run checks, without Scyther, that every committed model is fresh, parses and states its spec's roles,
  events and claims, and runs the BAN prover (\`out/verify/ban.json\`, \`ban.md\`).
- \`--opaque\` generates the models with opaque receive patterns (sounder, much slower; see
  [abstractions.md](abstractions.md), §8).
- \`medexchain verify --mutants\` seeds flaws into the MedExChain spec (a dropped signature or encryption, a constant
  where a fresh value was, a nonce or identity removed, a key sent in clear, a grant unbound from its request),
  regenerates and re-verifies each mutant with Scyther and the BAN prover, and writes \`out/verify/mutants.json\`
  (\`{score, scores: {scyther, ban, combined}, killed, total, survivors}\`). A mutant is killed when a Scyther claim
  that holds on the unmutated model fails, or a BAN goal proved on the unmutated spec no longer is (the BAN
  annotations are grounded in the mutated messages first: [ban.md](ban.md), "Grounding"). Without Scyther the BAN
  prover judges alone and the command exits 3.
- \`medexchain verify NS\` (or \`MedExChain\`, …) limits the run to one protocol or family; \`--json\` prints the report.
`;

/** docs/models.md: every diagram, its model file and claims, and the verify usage. */
export function modelsDoc(specs: readonly ProtocolSpec[]): string {
  const out = [
    generatedHeader((l) => `<!-- ${l} -->`, specs),
    "",
    "# The models",
    "",
    "Each protocol in `protocol/` is generated into a Scyther model (`models/<name>.spdl`, bounded runs), a ProVerif",
    "model (`models/<name>.pv`, unbounded sessions, agent corruption) and a sequence diagram (`models/<name>.mmd`).",
    "The abstractions the models make are argued in [abstractions.md](abstractions.md) (ProVerif and compromise: §15).",
    "",
  ];
  for (const s of specs) {
    out.push(`## ${s.title} (\`${s.name}\`)`, "", `Models: [\`${modelPath(s)}\`](../${modelPath(s)}), [\`${proverifModelPath(s)}\`](../${proverifModelPath(s)}). Diagram: [\`${diagramPath(s)}\`](../${diagramPath(s)}).`, "");
    out.push("```mermaid", mermaidDiagram(s).trimEnd(), "```", "");
    const queries = proverifQueries(s);
    out.push("| claim | role | type | Scyther bound | ProVerif query | expected |", "|---|---|---|---|---|---|");
    for (const c of s.claims.filter((x) => x.type !== "Running")) {
      const q = queries.find((x) => x.label === c.label);
      const pv = q ? `${q.kind}${q.text.includes("inj-event") ? " (injective)" : ""}${c.unlessGranted ? ", unless granted to a corrupted party" : ""}` : "—";
      out.push(`| ${c.label} | ${c.role} | ${c.type} | ${c.minRuns ? `≥ ${c.minRuns} runs` : "default"} | ${pv} | ${expectedVerdict(s, c.label)} |`);
    }
    for (const q of queries.filter((x) => x.kind === "reachability")) out.push(`| ${q.label} | ${q.role} | Reachable | — | reachability | reachable |`);
    out.push("");
  }
  out.push(VERIFY_USAGE);
  return out.join("\n");
}

/** models/<name>.mmd for every spec, and docs/models.md. */
export function mermaid(specs: readonly ProtocolSpec[]): Artefact[] {
  return [...specs.map((s) => ({ path: diagramPath(s), content: mermaidDiagram(s) })), { path: "docs/models.md", content: modelsDoc(specs) }];
}
