// The static half of conformance: read the role implementations' source with ts-morph and check that
// every spec message is sent from exactly one place (`<endpoint>.send("<label>", …)`) and received by
// exactly one handler (`<endpoint>.receive("<label>", bytes, { <check>: … })`) whose keys are exactly
// the spec's checks for that message. Calls count only when they resolve to the Endpoint class, so an
// unrelated `.send` (a socket, a chain client) is not mistaken for a protocol send.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { Node, Project, SyntaxKind, type CallExpression, type ObjectLiteralExpression } from "ts-morph";
import type { ProtocolSpec } from "../protocol/language.ts";

export type StaticProblemCode =
  | "NO_ROLE_SOURCES"
  | "NON_LITERAL_LABEL"
  | "UNKNOWN_LABEL"
  | "NO_SENDER"
  | "MANY_SENDERS"
  | "NO_RECEIVER"
  | "MANY_RECEIVERS"
  | "NON_LITERAL_HANDLERS"
  | "MISSING_CHECK_CODE"
  | "UNKNOWN_CHECK_CODE";

export interface StaticProblem {
  readonly code: StaticProblemCode;
  /** The message label concerned ("" when none). */
  readonly label: string;
  /** `file:line` of the call, or "" for a message nothing implements. */
  readonly at: string;
  readonly detail: string;
}

export interface StaticSite {
  readonly label: string;
  readonly at: string;
  /** Receive sites: the check names the handler object implements. */
  readonly checks?: readonly string[];
}

export interface StaticResult {
  readonly ok: boolean;
  readonly files: number;
  readonly sends: readonly StaticSite[];
  readonly receives: readonly StaticSite[];
  readonly problems: readonly StaticProblem[];
}

/** Statically check the role sources under `rolesDir` against the messages of `specs`. */
export function staticCheck(rolesDir: string, specs: readonly ProtocolSpec[], root: string): StaticResult {
  const problems: StaticProblem[] = [];
  const project = new Project({ tsConfigFilePath: join(root, "tsconfig.json"), skipAddingFilesFromTsConfig: true });
  const files = existsSync(rolesDir) ? project.addSourceFilesAtPaths(join(rolesDir, "**/*.ts")) : [];
  project.resolveSourceFileDependencies();
  const messages = specs.flatMap((s) => s.messages);
  const sends: StaticSite[] = [];
  const receives: StaticSite[] = [];
  for (const file of files) {
    for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const method = endpointMethod(call);
      if (!method) continue;
      const at = `${relative(root, file.getFilePath())}:${call.getStartLineNumber()}`;
      const arg = call.getArguments()[0];
      if (!arg || !(Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg))) {
        problems.push({ code: "NON_LITERAL_LABEL", label: "", at, detail: `${method}(…) takes its label from an expression; write the spec label as a string literal so the static check can see it` });
        continue;
      }
      const label = arg.getLiteralValue();
      const m = messages.find((x) => x.label === label);
      if (!m) {
        problems.push({ code: "UNKNOWN_LABEL", label, at, detail: `${method}("${label}") names a message no spec of ${specs.map((s) => s.name).join(", ")} has` });
        continue;
      }
      if (method === "send") {
        sends.push({ label, at });
        continue;
      }
      const handlers = handlerObject(call.getArguments()[2]);
      if (!handlers) {
        problems.push({ code: "NON_LITERAL_HANDLERS", label, at, detail: `receive("${label}") takes its check handlers from an expression; pass an object literal with one key per spec check` });
        receives.push({ label, at });
        continue;
      }
      const names = handlers.names;
      receives.push({ label, at, checks: names });
      if (handlers.opaque) problems.push({ code: "NON_LITERAL_HANDLERS", label, at, detail: `receive("${label}")'s handler object has spread or computed keys; name each check as a plain key` });
      for (const c of m.checks)
        if (!names.includes(c.name)) problems.push({ code: "MISSING_CHECK_CODE", label, at, detail: `receive("${label}") has no code for check ${c.id} (${c.kind}: ${c.description})` });
      for (const n of names)
        if (!m.checks.some((c) => c.name === n)) problems.push({ code: "UNKNOWN_CHECK_CODE", label, at, detail: `receive("${label}") implements check "${n}", which the spec does not list for ${label}` });
    }
  }
  if (files.length === 0) problems.push({ code: "NO_ROLE_SOURCES", label: "", at: relative(root, rolesDir), detail: `no role sources under ${relative(root, rolesDir)}; the static check needs the role implementations` });
  for (const m of messages) {
    const s = sends.filter((x) => x.label === m.label);
    const r = receives.filter((x) => x.label === m.label);
    if (s.length === 0) problems.push({ code: "NO_SENDER", label: m.label, at: "", detail: `no role sends ${m.label} (${m.from} → ${m.to}) through an Endpoint` });
    if (s.length > 1) problems.push({ code: "MANY_SENDERS", label: m.label, at: s.map((x) => x.at).join(", "), detail: `${m.label} is sent from ${s.length} places; keep one sending implementation` });
    if (r.length === 0) problems.push({ code: "NO_RECEIVER", label: m.label, at: "", detail: `no role receives ${m.label} (${m.from} → ${m.to}) through an Endpoint` });
    if (r.length > 1) problems.push({ code: "MANY_RECEIVERS", label: m.label, at: r.map((x) => x.at).join(", "), detail: `${m.label} is received in ${r.length} places; keep one receiving handler` });
  }
  return { ok: problems.length === 0, files: files.length, sends, receives, problems };
}

/** "send" or "receive" when the call is that method of the Endpoint class, else undefined. */
function endpointMethod(call: CallExpression): "send" | "receive" | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.getName();
  if (name !== "send" && name !== "receive") return undefined;
  const decl = callee.getNameNode().getSymbol()?.getDeclarations()[0];
  const owner = decl?.getParent();
  return owner && Node.isClassDeclaration(owner) && owner.getName() === "Endpoint" ? name : undefined;
}

/** The keys of a handler object: an object literal, or a const initialised with one. */
function handlerObject(arg: Node | undefined): { names: string[]; opaque: boolean } | undefined {
  let obj: ObjectLiteralExpression | undefined;
  if (arg && Node.isObjectLiteralExpression(arg)) obj = arg;
  else if (arg && Node.isIdentifier(arg)) {
    const decl = arg.getSymbol()?.getDeclarations()[0];
    const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    if (init && Node.isObjectLiteralExpression(init)) obj = init;
  }
  if (!obj) return undefined;
  const names: string[] = [];
  let opaque = false;
  for (const p of obj.getProperties()) {
    if (Node.isPropertyAssignment(p) || Node.isMethodDeclaration(p) || Node.isShorthandPropertyAssignment(p)) {
      const n = p.getNameNode();
      if (Node.isComputedPropertyName(n)) opaque = true;
      else names.push(Node.isStringLiteral(n) ? n.getLiteralValue() : n.getText());
    } else opaque = true;
  }
  return { names, opaque };
}
