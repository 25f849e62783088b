// The checks that need no Scyther: each committed model is what the generator makes of the spec
// today, parses, passes Scyther's static rules, and says what the spec says (roles, events, claims).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ProtocolSpec } from "../protocol/language.ts";
import { roleEvents } from "../protocol/language.ts";
import { modelPath, spdlModel } from "../generators/spdl.ts";
import { lintSpdl, parseSpdl, SpdlParseError, type SpdlFile } from "../generators/spdl-parse.ts";
import type { SectionReport } from "./report.ts";

/** Differences between a parsed model and the spec it claims to state; empty when they agree. */
export function compareWithSpec(spec: ProtocolSpec, model: SpdlFile): string[] {
  const problems: string[] = [];
  const p = model.protocols.find((x) => x.name === spec.name && !x.helper);
  if (!p) return [`the model has no protocol ${spec.name}`];
  const want = spec.roles.map((r) => r.name);
  if (p.roleNames.join(",") !== want.join(",")) problems.push(`${spec.name}: roles (${p.roleNames.join(",")}) differ from the spec's (${want.join(",")})`);
  for (const r of spec.roles) {
    const role = p.roles.find((x) => x.name === r.name);
    if (!role) {
      problems.push(`${spec.name}: role ${r.name} has no role block`);
      continue;
    }
    const fresh = spec.atoms.filter((a) => a.origin === "fresh" && a.owner === r.name).map((a) => a.name);
    if (role.fresh.map((d) => d.name).join(",") !== fresh.join(",")) problems.push(`${spec.name}, role ${r.name}: fresh values (${role.fresh.map((d) => d.name).join(",")}) differ from the spec's (${fresh.join(",")})`);
    const expected = roleEvents(spec, r.name).map((e) =>
      e.kind === "claim" ? `claim ${e.claim.label} ${e.claim.type}${e.claim.peer && (e.claim.type === "Commit" || e.claim.type === "Running") ? ` ${e.claim.peer}` : ""}` : `${e.kind} ${e.message.label} ${e.message.from}->${e.message.to}`,
    );
    const actual = role.events.flatMap((e) => {
      if (e.kind === "match") return [];
      if (e.kind === "claim") {
        const peer = (e.type === "Commit" || e.type === "Running") && e.params[0]?.kind === "name" ? ` ${e.params[0].name}` : "";
        if (e.role !== r.name) problems.push(`${spec.name}, role ${r.name}: claim ${e.label} is made by ${e.role}`);
        return [`claim ${e.label} ${e.type}${peer}`];
      }
      return [`${e.kind} ${e.label.replace(/^!/, "")} ${e.from}->${e.to}`];
    });
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i++)
      if (expected[i] !== actual[i]) {
        problems.push(`${spec.name}, role ${r.name}, event ${i + 1}: the spec has "${expected[i] ?? "nothing"}", the model "${actual[i] ?? "nothing"}"`);
        break;
      }
  }
  return problems;
}

/** Every problem with one spec's committed model (stale, unparsable, ill-formed, or not the spec). */
export function modelProblems(spec: ProtocolSpec, root: string): string[] {
  const path = join(root, modelPath(spec));
  if (!existsSync(path)) return [`${modelPath(spec)} is missing: run \`medexchain generate\``];
  const text = readFileSync(path, "utf8");
  const problems: string[] = [];
  if (text !== spdlModel(spec)) problems.push(`${modelPath(spec)} is stale: run \`medexchain generate\` and commit it`);
  let parsed: SpdlFile;
  try {
    parsed = parseSpdl(text);
  } catch (e) {
    if (e instanceof SpdlParseError) return [...problems, `${modelPath(spec)}: ${e.message}`];
    throw e;
  }
  return [...problems, ...lintSpdl(parsed).map((p) => `${modelPath(spec)}: ${p}`), ...compareWithSpec(spec, parsed).map((p) => `${modelPath(spec)}: ${p}`)];
}

/** The report section for the models: fresh, parsing, and faithful to the spec. */
export function modelSection(specs: readonly ProtocolSpec[], root: string): SectionReport {
  const problems = specs.flatMap((s) => modelProblems(s, root));
  return {
    name: "Models",
    ok: problems.length === 0,
    summary:
      problems.length === 0
        ? `${specs.length} models are fresh, parse, pass Scyther's static rules and state the spec's roles, events and claims.`
        : `${problems.length} problem(s) with the models.`,
    files: specs.map(modelPath),
    problems,
  };
}
