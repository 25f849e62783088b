// Per-protocol BAN results: each goal proved with its derivation and the assumptions it rests on, or
// not proved with the nearest facts and what is missing; optionally, for each assumption a proof uses,
// whether the goal still holds without it.
import type { ProtocolSpec } from "../../protocol/language.ts";
import { saturate, type BanInput } from "./prover.ts";
import { assumptionsOf, derivationMarkdown, derivationOf, derivationSize, messagesOf, type DerivationNode } from "./derivation.ts";
import { explain } from "./explain.ts";
import { text } from "./formula.ts";
import { invalidSteps, type InvalidStep } from "./step-check.ts";
import { groundBan, type InterpretiveAssumption, type UnjustifiedAssumption, type UnsupportedPart } from "./grounding.ts";

export interface GoalReport {
  readonly id: string;
  /** The goal in standard notation. */
  readonly goal: string;
  readonly description: string;
  readonly proved: boolean;
  readonly expectProved: boolean;
  /** The initial assumptions the derivation rests on (empty when not proved). */
  readonly assumptions: readonly string[];
  /** The idealised messages the derivation uses. */
  readonly messages: readonly string[];
  readonly derivation: DerivationNode | null;
  /** Rule applications in the derivation. */
  readonly steps: number;
  /** The message after which the goal first holds ("" when it follows from the assumptions alone). */
  readonly provedAfter?: string;
  /** Assumptions the derivation uses without which the goal still holds (only when ablation ran). */
  readonly redundant?: readonly string[];
  readonly missing?: readonly string[];
  readonly nearest?: readonly string[];
}

export interface ProtocolReport {
  readonly name: string;
  readonly title: string;
  readonly family: string;
  readonly source: string;
  readonly kind: "spec" | "classic";
  readonly section?: string;
  readonly assumptions: readonly { readonly id: string; readonly formula: string }[];
  readonly idealised: readonly { readonly label: string; readonly from: string; readonly to: string; readonly formula: string }[];
  readonly goals: readonly GoalReport[];
  /** Assumptions no proved goal rests on. */
  readonly unusedAssumptions: readonly string[];
  readonly facts: number;
  /** Parts of idealised messages the concrete messages do not carry (grounding.ts); removed before proving, must be empty. */
  readonly unsupported: readonly UnsupportedPart[];
  /** Key or secret statements no message carries, accepted as the spec's declared interpretation. */
  readonly interpretive: readonly InterpretiveAssumption[];
  /** Freshness assumptions about values the spec does not generate fresh (grounding.ts); dropped, must be empty. */
  readonly unjustified: readonly UnjustifiedAssumption[];
  /** Facts whose step the independent checker rejects (step-check.ts); must be empty. */
  readonly invalidSteps: readonly InvalidStep[];
  /** Annotations grounded, every step checked, every goal as expected and, when ablation ran, no redundant assumption in a proof. */
  readonly ok: boolean;
  /** Wall time of the proof (saturation, reading back every goal, the step check), excluding ablation. */
  readonly elapsedMs: number;
}

export interface ProveOptions {
  readonly kind: "spec" | "classic";
  readonly section?: string;
  /** The expected outcome of a goal (the shipped specs expect every goal proved). */
  readonly expectProved?: (goalId: string) => boolean;
  /** Re-prove each proved goal without each assumption it uses, to show every one is needed. */
  readonly ablation?: boolean;
}

/** Prove every BAN goal of a spec. */
export function proveSpec(spec: ProtocolSpec, options: ProveOptions): ProtocolReport {
  const started = performance.now();
  const grounding = groundBan(spec);
  const input = grounding.input;
  const base = saturate(input);
  const declared = spec.ban.assumptions.map((a) => a.id);
  const order = spec.ban.idealised.map((i) => i.label);
  const expectProved = options.expectProved ?? ((id: string) => spec.ban.goals.find((g) => g.id === id)?.expectProved ?? true);
  const goals: GoalReport[] = spec.ban.goals.map((g) => {
    const fact = base.get(g.formula);
    const common = { id: g.id, goal: text(g.formula), description: g.description, expectProved: expectProved(g.id) };
    if (!fact) {
      const why = explain(base, g.formula);
      return { ...common, proved: false, assumptions: [], messages: [], derivation: null, steps: 0, missing: why.missing, nearest: why.nearest };
    }
    const derivation = derivationOf(base, fact);
    return {
      ...common,
      proved: true,
      assumptions: assumptionsOf(base, fact, declared),
      messages: messagesOf(base, fact, order),
      derivation,
      steps: derivationSize(derivation),
      provedAfter: fact.message ?? "",
    };
  });
  const invalid = invalidSteps(input, base);
  const elapsedMs = performance.now() - started;
  const withAblation = options.ablation ? goals.map((g) => (g.proved ? { ...g, redundant: redundantAssumptions(input, g) } : g)) : goals;
  const used = new Set(withAblation.flatMap((g) => g.assumptions));
  return {
    name: spec.name,
    title: spec.title,
    family: spec.family,
    source: spec.source,
    kind: options.kind,
    ...(options.section !== undefined ? { section: options.section } : {}),
    assumptions: spec.ban.assumptions.map((a) => ({ id: a.id, formula: text(a.formula) })),
    idealised: spec.ban.idealised.map((i) => ({ label: i.label, from: i.from, to: i.to, formula: text(i.formula) })),
    goals: withAblation,
    unusedAssumptions: declared.filter((id) => !used.has(id)),
    facts: base.facts.length,
    unsupported: grounding.unsupported,
    interpretive: grounding.interpretive,
    unjustified: grounding.unjustified,
    invalidSteps: invalid,
    ok: grounding.unsupported.length === 0 && grounding.unjustified.length === 0 && invalid.length === 0 && withAblation.every((g) => g.proved === g.expectProved && (g.redundant?.length ?? 0) === 0),
    elapsedMs,
  };
}

/** The same annotations with some assumptions dropped. */
export function withoutAssumptions<T extends BanInput>(input: T, ids: readonly string[]): BanInput {
  return { name: input.name, ban: { ...input.ban, assumptions: input.ban.assumptions.filter((a) => !ids.includes(a.id)) } };
}

/** Whether a goal is derivable from the annotations. */
export function provable(input: BanInput, goalId: string): boolean {
  const goal = input.ban.goals.find((g) => g.id === goalId);
  if (!goal) return false;
  return saturate(input).has(goal.formula);
}

function redundantAssumptions(input: BanInput, g: GoalReport): string[] {
  return g.assumptions.filter((id) => provable(withoutAssumptions(input, [id]), g.id));
}

/** A protocol's results as Markdown: assumptions, idealised messages, then each goal with its proof or what it lacks. */
export function protocolMarkdown(r: ProtocolReport): string {
  const out: string[] = [`## ${r.title} (\`${r.name}\`)`, "", `Source: \`${r.source}\`${r.section ? ` — BAN paper, ${r.section}` : ""}.`, ""];
  out.push("Assumptions:", "", ...r.assumptions.map((a) => `- \`${a.id}\`: \`${a.formula}\``), "");
  out.push("Idealised messages:", "", ...r.idealised.map((i) => `- ${i.label}. ${i.from} → ${i.to}: \`${i.formula}\``), "");
  if (r.interpretive.length > 0)
    out.push("**Interpretive assumptions** (key or secret statements the message does not carry, declared with the reason they may be read into it):", "", ...r.interpretive.map((u) => `- ${u.message}: \`${u.statement}\` — ${u.why}`), "");
  if (r.unsupported.length > 0)
    out.push("**Idealisation not supported by the messages** (removed before proving; fix the idealisation or the message):", "", ...r.unsupported.map((u) => `- ${u.message}: \`${u.part}\` — ${u.reason}`), "");
  if (r.unjustified.length > 0)
    out.push("**Unjustified freshness assumptions** (dropped before proving):", "", ...r.unjustified.map((u) => `- \`${u.assumption}\` \`${u.formula}\` — ${u.reason}`), "");
  for (const g of r.goals) {
    const verdict = g.proved ? "proved" : "not proved";
    const expect = g.proved === g.expectProved ? "as expected" : `UNEXPECTED (expected ${g.expectProved ? "proved" : "not proved"})`;
    out.push(`### \`${g.id}\`: \`${g.goal}\` — ${verdict}, ${expect}`, "", g.description, "");
    if (g.proved && g.derivation) {
      out.push(`Rests on: ${g.assumptions.map((a) => `\`${a}\``).join(", ") || "no assumption"}; messages ${g.messages.join(", ") || "none"}; ${g.steps} rule applications.`, "");
      if (g.redundant && g.redundant.length > 0) out.push(`Redundant (goal holds without): ${g.redundant.map((a) => `\`${a}\``).join(", ")}.`, "");
      out.push(derivationMarkdown(g.derivation), "");
    } else {
      out.push(`Missing: ${(g.missing ?? []).map((m) => `\`${m}\``).join("; ") || "—"}`, "");
      out.push(`Nearest derived facts: ${(g.nearest ?? []).map((m) => `\`${m}\``).join("; ") || "none"}`, "");
    }
  }
  if (r.unusedAssumptions.length > 0) out.push(`Assumptions no proved goal uses: ${r.unusedAssumptions.map((a) => `\`${a}\``).join(", ")}.`, "");
  return out.join("\n");
}
