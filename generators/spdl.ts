// spec → models/<protocol>.spdl: the Scyther model of each protocol, one file per (sub-)protocol.
// The abstractions it applies (PRE, re-randomisation, committee proofs, chain channels) are stated
// and argued in docs/abstractions.md; this file only applies them.
import type { Claim, Message, ProtocolSpec } from "../protocol/language.ts";
import { roleEvents } from "../protocol/language.ts";
import { type Term, show, subterms, tuple } from "../protocol/terms.ts";
import { generatedHeader, type Artefact } from "./artefact.ts";
import {
  allTerms,
  assertDistinctNames,
  hashFunctions,
  isUserType,
  oracleProtocol,
  pkFirstLevel,
  pkFunction,
  recordKeyFunction,
  rekeyFunction,
  scytherType,
  skFirstLevel,
  skFunction,
  usedSchemes,
} from "./spdl-names.ts";
import { DEFAULT_SPDL_OPTIONS, RoleView, SpdlRenderError, type SpdlOptions } from "./spdl-view.ts";

/** A claim as Scyther reports it: the unit the verify script runs, one process each. */
export interface ModelClaim {
  readonly protocol: string;
  readonly role: string;
  readonly label: string;
  readonly type: Claim["type"];
  /** The claim's parameter as written in the model ("-" when it has none). */
  readonly parameter: string;
}

/** Where a protocol's model is written, relative to the repository root. */
export function modelPath(spec: ProtocolSpec): string {
  return `models/${spec.name}.spdl`;
}

/** The claims Scyther verifies for a spec (Running is a signal for Commit, not a claim with a verdict). */
export function modelClaims(spec: ProtocolSpec, options: SpdlOptions = DEFAULT_SPDL_OPTIONS): ModelClaim[] {
  const params = claimParameters(spec, options);
  return spec.claims
    .filter((c) => c.type !== "Running")
    .map((c) => ({ protocol: spec.name, role: c.role, label: c.label, type: c.type, parameter: params.get(c.label) ?? "-" }));
}

function claimParameters(spec: ProtocolSpec, options: SpdlOptions): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of spec.roles) {
    const { claims } = renderRole(spec, r.name, options);
    for (const [label, param] of claims) out.set(label, param);
  }
  return out;
}

const sendArgs = (t: Term, render: (t: Term) => string): string =>
  t.kind === "tuple" ? t.items.map(render).join(", ") : render(t);

function claimLine(c: Claim, view: RoleView): { line: string; param: string } {
  const data = (c.data ?? []).map((d) => view.claimTerm(d));
  if (c.type === "Commit" || c.type === "Running") {
    const args = [c.peer!, ...data];
    return { line: `claim_${c.label}(${c.role}, ${c.type}, ${args.join(", ")});`, param: `(${args.join(",")})` };
  }
  // Scyther's Alive and Weakagree take an optional role: the claim is then about that peer alone.
  if ((c.type === "Alive" || c.type === "Weakagree") && c.peer !== undefined)
    return { line: `claim_${c.label}(${c.role}, ${c.type}, ${c.peer});`, param: c.peer };
  if (data.length > 0) return { line: `claim_${c.label}(${c.role}, ${c.type}, ${data.join(", ")});`, param: data.join(",") };
  return { line: `claim_${c.label}(${c.role}, ${c.type});`, param: "-" };
}

/**
 * The event label of a message. Content-addressed storage is not a channel between two parties: the
 * sender publishes to it and anyone fetches from it; an out-of-band hint is unauthenticated. On both,
 * sender and receiver talk to the adversary (`!`): nothing ties what is received to what was sent
 * except the receiver's own checks (the blob hash, the owner's signature over the record).
 */
export function eventLabel(m: Message): string {
  return m.channel === "storage" || m.channel === "oob" ? `!${m.label}` : m.label;
}

/** The guards a receive adds: a consent check lets the role go on only with an honest peer. */
function consentGuards(spec: ProtocolSpec, m: Message): string[] {
  return m.checks
    .filter((c) => c.kind === "consent")
    .map((c) => {
      if (c.on.kind !== "agent") throw new SpdlRenderError(spec.name, m.to, `consent check ${c.id} must name a role's agent, not ${show(c.on)}`);
      return `not match(${c.on.role}, Eve);`;
    });
}

function comment(text: string): string {
  return `// ${text.replace(/\s+/g, " ").trim()}`;
}

/** One role's script and the parameters of its claims. */
function renderRole(spec: ProtocolSpec, role: string, options: SpdlOptions): { lines: string[]; claims: Map<string, string> } {
  const reserved = [spec.name, ...spec.roles.map((r) => r.name), ...spec.atoms.map((a) => a.name), ...hashFunctions(spec)];
  const view = new RoleView(spec, role, reserved, options);
  const body: string[] = [];
  const claims = new Map<string, string>();
  for (const ev of roleEvents(spec, role)) {
    if (ev.kind === "send") {
      const m = ev.message;
      if (m.description) body.push(comment(`${m.label} (${m.channel}): ${m.description}`));
      body.push(`send_${eventLabel(m)}(${m.from},${m.to}, ${sendArgs(m.term, (t) => view.send(t))});`);
    } else if (ev.kind === "recv") {
      const m = ev.message;
      // Learn the whole message before rendering any part: a key in one part opens another.
      const { pattern, checks } = view.receive(m.term);
      const args = m.term.kind === "tuple" ? pattern.slice(1, -1) : pattern;
      body.push(`recv_${eventLabel(m)}(${m.from},${m.to}, ${args});`);
      body.push(...checks, ...consentGuards(spec, m));
    } else {
      const { line, param } = claimLine(ev.claim, view);
      claims.set(ev.claim.label, param);
      body.push(line);
    }
  }
  const decls = [
    ...view.fresh.map((d) => `fresh ${d.name}: ${d.type};`),
    ...view.vars.map((d) => `var ${d.name}: ${d.type};`),
  ];
  const title = spec.roles.find((r) => r.name === role)!.title;
  const lines = [`role ${role}`, "{", `  ${comment(title)}`];
  if (body.length === 0) lines.push("  // passive: other roles use its name and public keys, it sends and receives nothing here");
  lines.push(...decls.map((l) => `  ${l}`), ...body.map((l) => `  ${l}`), "}");
  return { lines, claims };
}

function preBodyType(spec: ProtocolSpec, scheme: string): string {
  const types = new Set<string>();
  for (const t of allTerms(spec))
    if (t.kind === "preEnc" && t.key.scheme === scheme) types.add(t.body.kind === "atom" ? scytherType(t.body.sort) : "Ticket");
  return types.size === 1 ? [...types][0]! : "Ticket";
}

/** The declarations before the protocols: types, functions, constants and key schemes. */
function globals(spec: ProtocolSpec): string[] {
  const out: string[] = [];
  const userTypes = [...new Set(spec.atoms.filter((a) => isUserType(a.sort)).map((a) => scytherType(a.sort)))];
  if (userTypes.length) out.push(`usertype ${userTypes.join(", ")};`);
  const fns = hashFunctions(spec);
  if (fns.length) out.push(`hashfunction ${fns.join(", ")};`);
  for (const a of spec.atoms.filter((x) => x.origin === "const")) out.push(`const ${a.name}: ${scytherType(a.sort)};`);
  const compromised: string[] = [];
  const oracles: string[] = [];
  for (const s of usedSchemes(spec)) {
    if (s.name === "pk") continue;
    const pk = pkFunction(s.name);
    const sk = skFunction(s.name);
    out.push("", comment(`key scheme ${s.name} (${s.use}): ${s.algorithm}`));
    out.push(`const ${pk}: Function;`, `secret ${sk}: Function;`, `inversekeyfunctions(${pk}, ${sk});`);
    compromised.push(`${sk}(Eve)`);
    const kinds = reEncryptionKinds(spec, s.name);
    if (s.use === "pre" && kinds.size > 0) {
      const pk1 = pkFirstLevel(s.name);
      const sk1 = skFirstLevel(s.name);
      const fns = [...(kinds.has("pair") ? [rekeyFunction(s.name)] : []), ...(kinds.has("record") ? [recordKeyFunction(s.name)] : [])];
      out.push(
        comment(
          `first-level (re-encrypted, not re-encryptable) ciphertexts of ${s.name}` +
            (kinds.has("pair") ? `; per-pair (pre-fix) re-encryption keys rk(A→B) = ${rekeyFunction(s.name)}(${sk}(A), ${pk}(B))` : "") +
            (kinds.has("record") ? `; record-bound tokens ${recordKeyFunction(s.name)}(${sk}(A), C, ${pk}(B), rho) that re-encrypt C only` : ""),
        ),
      );
      out.push(`const ${pk1}: Function;`, `secret ${sk1}: Function;`, `inversekeyfunctions(${pk1}, ${sk1});`, `hashfunction ${fns.join(", ")};`);
      compromised.push(`${sk1}(Eve)`);
      const m = preBodyType(spec, s.name);
      const oracle = (suffix: string, key: string, extraVars: string[]) => [
        "",
        `protocol ${oracleProtocol(s.name)}${suffix}(X)`,
        "{",
        "  role X",
        "  {",
        `    var M: ${m};`,
        "    var A, B: Agent;",
        ...extraVars.map((v) => `    ${v}`),
        `    recv_!o1(X,X, {M}${pk}(A), ${key});`,
        `    send_!o2(X,X, {M}${pk1}(B));`,
        "  }",
        "}",
      ];
      oracles.push("", comment(`PRE re-encryption as an oracle the adversary may use with any re-encryption key it knows (docs/abstractions.md, "Proxy re-encryption")`));
      if (kinds.has("pair")) oracles.push(...oracle("", `${rekeyFunction(s.name)}(${sk}(A), ${pk}(B))`, []));
      // A record-bound token re-encrypts only the ciphertext it names: the same {M}pk(A) must appear in it.
      if (kinds.has("record")) oracles.push(...oracle(kinds.has("pair") ? "Rec" : "", `${recordKeyFunction(s.name)}(${sk}(A), {M}${pk}(A), ${pk}(B), N)`, [`var N: ${recordRandomnessType(spec, s.name)};`]));
    }
  }
  const consent = spec.messages.some((m) => consentGuards(spec, m).length > 0);
  if (compromised.length || consent) {
    // Without these lines the adversary would not hold the untrusted agent's keys of the extra schemes (docs/abstractions.md).
    out.push("", comment("the untrusted agent, named for the consent guards and given its private keys in every extra scheme"), "const Eve: Agent;", "untrusted Eve;");
    if (compromised.length) out.push(`compromised ${compromised.join(", ")};`);
  }
  return [...out, ...oracles];
}

/** Which kinds of re-encryption key a spec's re-encryptions use for a scheme: per-pair (pre-fix) and/or record-bound. */
function reEncryptionKinds(spec: ProtocolSpec, scheme: string): Set<"pair" | "record"> {
  const out = new Set<"pair" | "record">();
  for (const m of spec.messages) for (const t of subterms(m.term)) if (t.kind === "reEnc" && t.rk.from.scheme === scheme) out.add(t.rk.record ? "record" : "pair");
  return out;
}

/** The Scyther type of the randomness in a scheme's record-bound tokens. */
function recordRandomnessType(spec: ProtocolSpec, scheme: string): string {
  for (const m of spec.messages)
    for (const t of subterms(m.term)) if (t.kind === "reKey" && t.record && t.from.scheme === scheme) return scytherType(t.record.randomness.sort);
  return "Nonce";
}

/** The constant that marks the other records of the scenario protocol: no run of the main protocol makes or accepts one. */
export const OTHER_RECORD_TAG = "otherRecord";

/** The scenario protocol's name for a spec. */
export function scenarioProtocol(spec: ProtocolSpec): string {
  return `${spec.name}OtherRecords`;
}

/**
 * The other-record scenario (docs/abstractions.md, "Compromise"): for a grant declared with
 * `otherRecords`, the granter also grants *other* records, to anyone (no consent guard), so a delegatee
 * may be the intruder for them. The record's maker and the granter run again in a protocol of their own,
 * up to the grant, without claims; the maker's signatures carry a tag no run of the main protocol makes
 * or accepts, so these are other records than the claimed ones.
 */
function scenario(spec: ProtocolSpec, options: SpdlOptions): string[] {
  const grant = spec.compromise.grants.find((g) => g.otherRecords);
  if (!grant) return [];
  const upTo = spec.events.findIndex((e) => e.kind === "message" && e.label === grant.message);
  const events = spec.events.slice(0, upTo + 1).filter((e) => e.kind === "message");
  const kept = new Set(events.map((e) => e.label));
  const maker = grant.record.kind === "atom" && grant.record.owner ? grant.record.owner : undefined;
  const tag = { kind: "atom" as const, name: OTHER_RECORD_TAG, sort: "Identifier" as const, origin: "const" as const };
  // The tag goes inside the maker's signatures, so the adversary cannot re-tag a main-protocol record.
  const tagSigned = (t: Term): Term =>
    t.kind === "sign" && t.key.role === maker ? { ...t, body: tuple(tag, ...(t.body.kind === "tuple" ? t.body.items : [t.body])) } : t.kind === "tuple" ? tuple(...t.items.map(tagSigned)) : t;
  // The granter grants to anyone, but takes other records only from an honest maker: a dishonest one
  // could relabel this record's ciphertext as another record, which the implementation refuses by the
  // patient's uniqueness check on C' (state Scyther lacks; docs/abstractions.md, "Compromise").
  const honestMaker = (m: Message) =>
    maker !== undefined && m.from === maker && m.to === grant.by ? [{ id: `${m.label}.maker`, name: "maker", kind: "consent" as const, on: { kind: "agent" as const, role: maker }, description: "the record's maker is honest" }] : [];
  const messages = spec.messages.filter((m) => kept.has(m.label)).map((m) => ({ ...m, checks: [...m.checks.filter((c) => c.kind !== "consent"), ...honestMaker(m)], term: tagSigned(m.term) }));
  const roles = [maker, grant.by].filter((r): r is string => r !== undefined);
  // What a role outside the scenario would send comes from the network: the adversary makes it, or replays it.
  const open = messages.map((m) => (roles.includes(m.from) && roles.includes(m.to) ? m : { ...m, channel: "oob" as const }));
  const derived: ProtocolSpec = { ...spec, name: scenarioProtocol(spec), atoms: [...spec.atoms, tag], messages: open, claims: [], events, expected: {} };
  return [
    "",
    comment(`Scenario: ${grant.by} also grants other records (tagged ${OTHER_RECORD_TAG}) to anyone, perhaps the intruder: consent is per record. Generated from the grant declaration of ${grant.message}.`),
    `const ${OTHER_RECORD_TAG}: Identifier;`,
    `protocol ${scenarioProtocol(spec)}(${spec.roles.map((r) => r.name).join(",")})`,
    "{",
    ...roles.flatMap((r, i) => [...(i > 0 ? [""] : []), ...renderRole(derived, r, options).lines.map((l) => `  ${l}`)]),
    "}",
  ];
}

/** The Scyther model of one protocol, as text. */
export function spdlModel(spec: ProtocolSpec, options: SpdlOptions = DEFAULT_SPDL_OPTIONS): string {
  assertDistinctNames(spec);
  const header = generatedHeader((l) => `// ${l}`, [spec]);
  const roles = spec.roles.map((r) => renderRole(spec, r.name, options).lines);
  return [
    header,
    comment(`${spec.title}. ${spec.description}`),
    "// Abstractions (PRE, re-randomisation, committee proofs, chain channels): docs/abstractions.md.",
    "",
    ...globals(spec),
    ...scenario(spec, options),
    "",
    `protocol ${spec.name}(${spec.roles.map((r) => r.name).join(",")})`,
    "{",
    ...roles.flatMap((lines, i) => [...(i > 0 ? [""] : []), ...lines.map((l) => `  ${l}`)]),
    "}",
    "",
  ].join("\n");
}

/** models/<name>.spdl for every spec. */
export function spdl(specs: readonly ProtocolSpec[]): Artefact[] {
  return specs.map((s) => ({ path: modelPath(s), content: spdlModel(s) }));
}
