// The wire fields of a spec message: the message term's top-level components, each named so the
// implementation, the trace and the conformance checker all speak of the same field.
import type { Message } from "../../protocol/language.ts";
import { type Term, show } from "../../protocol/terms.ts";

export interface WireField {
  /** Short, stable field name (unique within the message). */
  readonly name: string;
  /** The symbolic term this field carries. */
  readonly term: Term;
}

/** A readable name for a term as a wire field. */
export function fieldName(t: Term): string {
  switch (t.kind) {
    case "atom":
      return t.name;
    case "agent":
      return t.role;
    case "pk":
      return `pk_${t.scheme}_${t.role}`;
    case "sk":
      return `sk_${t.scheme}_${t.role}`;
    case "k":
      return `k_${t.roles.join("_")}`;
    case "tuple":
      return "tuple";
    case "hash":
      return t.fn;
    case "sign":
      return `sig_${t.key.role}`;
    case "aenc":
      return `enc_${t.key.role}`;
    case "senc":
      return "aead";
    case "preEnc":
      return `pre_${t.key.role}`;
    case "reKey":
      return `rk_${t.from.role}_${t.to.role}`;
    case "reEnc":
      return `reenc_${t.rk.to.role}`;
    case "rerand":
      return `rr_${fieldName(t.ct)}`;
  }
}

/** The ordered wire fields of a message (a tuple is flattened one level; any other term is one field). */
export function wireFields(m: Message): WireField[] {
  const items = m.term.kind === "tuple" ? m.term.items : [m.term];
  const used = new Map<string, number>();
  return items.map((term) => {
    const base = fieldName(term);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return { name: n === 1 ? base : `${base}_${n}`, term };
  });
}

/** The field of a message that carries a given term, if any. */
export function fieldFor(m: Message, t: Term): WireField | undefined {
  const key = show(t);
  return wireFields(m).find((f) => show(f.term) === key);
}
