// A derived fact read back as a proof tree: which rule concluded it, from which premises, after which
// message, down to the initial assumptions and the messages received.
import type { Fact, FactBase } from "./prover.ts";
import { RULES, type RuleName } from "./rules.ts";
import { text } from "./formula.ts";

export interface DerivationNode {
  readonly formula: string;
  readonly rule: RuleName;
  readonly ruleTitle: string;
  /** The assumption's id, for a leaf that is an initial assumption. */
  readonly assumption?: string;
  /** The idealised message whose receipt led to this step. */
  readonly message?: string;
  readonly premises: readonly DerivationNode[];
}

/** The proof tree of a fact. */
export function derivationOf(base: FactBase, fact: Fact): DerivationNode {
  return {
    formula: text(fact.formula),
    rule: fact.rule,
    ruleTitle: RULES[fact.rule].title,
    ...(fact.assumption !== undefined ? { assumption: fact.assumption } : {}),
    ...(fact.message !== undefined ? { message: fact.message } : {}),
    premises: fact.premises.map((id) => derivationOf(base, base.byId(id))),
  };
}

/** Every fact a fact rests on, itself included, each once. */
function support(base: FactBase, fact: Fact, out = new Map<number, Fact>()): Map<number, Fact> {
  if (out.has(fact.id)) return out;
  out.set(fact.id, fact);
  for (const id of fact.premises) support(base, base.byId(id), out);
  return out;
}

/** The ids of the initial assumptions a fact rests on, in the order the spec declares them. */
export function assumptionsOf(base: FactBase, fact: Fact, declared: readonly string[]): string[] {
  const used = new Set([...support(base, fact).values()].flatMap((f) => (f.assumption !== undefined ? [f.assumption] : [])));
  return declared.filter((id) => used.has(id));
}

/** The labels of the idealised messages a fact rests on, in protocol order. */
export function messagesOf(base: FactBase, fact: Fact, order: readonly string[]): string[] {
  const used = new Set([...support(base, fact).values()].flatMap((f) => (f.rule === "message" && f.message !== undefined ? [f.message] : [])));
  return order.filter((l) => used.has(l));
}

/** The number of rule applications in a proof (its leaves excluded). */
export function derivationSize(node: DerivationNode): number {
  return node.premises.length === 0 ? 0 : 1 + node.premises.reduce((n, p) => n + derivationSize(p), 0);
}

/** The tree as a nested Markdown list: conclusion first, premises indented beneath it. */
export function derivationMarkdown(node: DerivationNode, indent = 0): string {
  const pad = "  ".repeat(indent);
  const why =
    node.rule === "assumption"
      ? `assumption \`${node.assumption}\``
      : node.rule === "message"
        ? `message ${node.message}`
        : `${node.ruleTitle}${node.message !== undefined ? ` (after message ${node.message})` : ""}`;
  const line = `${pad}- \`${node.formula}\` — ${why}`;
  return [line, ...node.premises.map((p) => derivationMarkdown(p, indent + 1))].join("\n");
}
