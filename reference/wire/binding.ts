// A run's binding: the concrete bytes of every spec term a role has made or received in one run.
// Keyed by the term's structure, so the same spec variable has one value throughout the run (the
// property conformance checks across roles), and message fields are read off the spec, not re-listed.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { equalBytes } from "@noble/curves/utils.js";
import type { Message } from "../../protocol/language.ts";
import { type Term, show } from "../../protocol/terms.ts";
import { wireFields } from "./fields.ts";
import type { FieldValues } from "./codec.ts";
import { MedExChainError } from "../../protocol/errors.ts";

export class BindingError extends MedExChainError {
  constructor(code: string, message: string, remedy = "the message names a value other than the one this run holds for it; the sender must use the run's values") {
    super(code, message, remedy);
  }
}

export class Binding {
  private readonly values = new Map<string, Uint8Array>();

  /** Bind a term to bytes; rebinding it to different bytes is an error naming the term. */
  set(t: Term, v: Uint8Array): Uint8Array {
    const key = show(t);
    const old = this.values.get(key);
    if (old && !equalBytes(old, v))
      throw new BindingError("E_REBOUND", `${key} is already bound to ${bytesToHex(old).slice(0, 16)}…; a message carried ${bytesToHex(v).slice(0, 16)}…`);
    this.values.set(key, v);
    return v;
  }

  /** The bytes bound to a term; an error names the term when it is unbound. */
  get(t: Term): Uint8Array {
    const v = this.values.get(show(t));
    if (!v) throw new BindingError("E_UNBOUND", `no value for ${show(t)} in this run yet`);
    return v;
  }

  has(t: Term): boolean {
    return this.values.has(show(t));
  }

  /** The field values of a message, read from the binding. */
  fieldsFor(m: Message): FieldValues {
    return Object.fromEntries(wireFields(m).map((f) => [f.name, this.get(f.term)]));
  }

  /** A copy to evaluate a received message against, without touching this run's values. */
  clone(): Binding {
    const b = new Binding();
    for (const [k, v] of this.values) b.values.set(k, v);
    return b;
  }

  /**
   * Bind every field of a message, the message's value winning (used on a clone, to check a received
   * message as it is); returns the terms whose value differs from the run's. Keeping the run's value
   * instead would let a check verify a signature over the old value while the new one is accepted.
   */
  absorbLoose(m: Message, fields: Readonly<Record<string, Uint8Array>>): string[] {
    const conflicts: string[] = [];
    for (const f of wireFields(m)) {
      const v = fields[f.name];
      if (!v) continue;
      const key = show(f.term);
      const old = this.values.get(key);
      if (old && !equalBytes(old, v)) conflicts.push(key);
      this.values.set(key, v);
    }
    return conflicts;
  }

  /** A copy with a received message's fields bound as the message carries them: what its checks verify against. */
  withMessage(m: Message, fields: Readonly<Record<string, Uint8Array>>): Binding {
    const c = this.clone();
    c.absorbLoose(m, fields);
    return c;
  }

  /** Bind every field of a received message; a field that contradicts the run's value is rejected. */
  absorb(m: Message, fields: Readonly<Record<string, Uint8Array>>): void {
    for (const f of wireFields(m)) {
      const v = fields[f.name];
      if (!v) throw new BindingError("E_MISSING_FIELD", `message ${m.label} lacks field ${f.name}`);
      this.set(f.term, v);
    }
  }
}

/** Canonical bytes of a term: tuples are length-prefixed concatenations, anything else its bound value. */
export function termBytes(t: Term, leaf: (t: Term) => Uint8Array): Uint8Array {
  if (t.kind !== "tuple") return leaf(t);
  const parts = t.items.map((i) => termBytes(i, leaf));
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
  let at = 0;
  for (const p of parts) {
    new DataView(out.buffer).setUint32(at, p.length);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

/** What a signature or one-way function is computed over: a tag naming the term's structure, then its bytes. */
export function payloadOf(t: Term & { kind: "sign" | "hash" }, leaf: (t: Term) => Uint8Array): Uint8Array {
  const tag = sha256(utf8ToBytes(`MedExChain/v1 ${show(t)}`));
  const body = t.kind === "sign" ? termBytes(t.body, leaf) : termBytes({ kind: "tuple", items: t.items }, leaf);
  const out = new Uint8Array(tag.length + body.length);
  out.set(tag);
  out.set(body, tag.length);
  return out;
}
