// BAN logic formulas (Burrows, Abadi, Needham 1990) as plain data, for the spec's annotations.
// Principals are role names; message atoms are spec names, so an idealisation reads the same
// nonces and keys as the message it idealises.

import type { Term } from "./terms.ts";
import { show } from "./terms.ts";

export type BanFormula =
  /** A message atom: a nonce, key, agent, timestamp or data named in the spec. */
  | { readonly op: "atom"; readonly name: string }
  /** P |≡ X */
  | { readonly op: "believes"; readonly p: string; readonly x: BanFormula }
  /** P ◁ X */
  | { readonly op: "sees"; readonly p: string; readonly x: BanFormula }
  /** P |~ X */
  | { readonly op: "said"; readonly p: string; readonly x: BanFormula }
  /** P ⇒ X */
  | { readonly op: "controls"; readonly p: string; readonly x: BanFormula }
  /** #(X) */
  | { readonly op: "fresh"; readonly x: BanFormula }
  /** P ↔K Q */
  | { readonly op: "sharedKey"; readonly p: string; readonly q: string; readonly k: string }
  /** →K P : K is P's public key (K⁻¹ its private key) */
  | { readonly op: "pubKey"; readonly p: string; readonly k: string }
  /** P ⇌Y Q : Y is a secret shared by P and Q */
  | { readonly op: "secret"; readonly p: string; readonly q: string; readonly y: string }
  /** {X}_K from P: encryption under a shared key (or to a public key when `k` names one) */
  | { readonly op: "enc"; readonly x: BanFormula; readonly k: string; readonly from?: string }
  /** {X}_{K⁻¹}: signed with the private key whose public key is K */
  | { readonly op: "signed"; readonly x: BanFormula; readonly k: string }
  /** ⟨X⟩_Y: X combined with the secret Y */
  | { readonly op: "combined"; readonly x: BanFormula; readonly y: string }
  /** (X, Y, …): conjunction of formulas / tuple of messages */
  | { readonly op: "and"; readonly items: readonly BanFormula[] };

type Principal = string | { readonly name: string };
type Operand = BanFormula | Term | string;

const who = (p: Principal): string => (typeof p === "string" ? p : p.name);

function isFormula(x: Operand): x is BanFormula {
  return typeof x === "object" && "op" in x;
}

/** Turn a spec term or a name into a BAN atom; BAN formulas pass through. */
export function banOf(x: Operand): BanFormula {
  if (typeof x === "string") return { op: "atom", name: x };
  if (isFormula(x)) return x;
  return { op: "atom", name: keyName(x) };
}

/** The BAN name of a key or atom term (`pk_ed25519B(HB)` for a public key). */
export function keyName(k: Term | string): string {
  return typeof k === "string" ? k : show(k);
}

/** Formula constructors, read like the paper's notation. */
export const B = {
  believes: (p: Principal, x: Operand): BanFormula => ({ op: "believes", p: who(p), x: banOf(x) }),
  sees: (p: Principal, x: Operand): BanFormula => ({ op: "sees", p: who(p), x: banOf(x) }),
  said: (p: Principal, x: Operand): BanFormula => ({ op: "said", p: who(p), x: banOf(x) }),
  controls: (p: Principal, x: Operand): BanFormula => ({ op: "controls", p: who(p), x: banOf(x) }),
  fresh: (x: Operand): BanFormula => ({ op: "fresh", x: banOf(x) }),
  sharedKey: (p: Principal, q: Principal, k: Term | string): BanFormula => ({ op: "sharedKey", p: who(p), q: who(q), k: keyName(k) }),
  pubKey: (p: Principal, k: Term | string): BanFormula => ({ op: "pubKey", p: who(p), k: keyName(k) }),
  secret: (p: Principal, q: Principal, y: Term | string): BanFormula => ({ op: "secret", p: who(p), q: who(q), y: keyName(y) }),
  enc: (x: Operand, k: Term | string, from?: Principal): BanFormula =>
    from === undefined ? { op: "enc", x: banOf(x), k: keyName(k) } : { op: "enc", x: banOf(x), k: keyName(k), from: who(from) },
  signed: (x: Operand, k: Term | string): BanFormula => ({ op: "signed", x: banOf(x), k: keyName(k) }),
  combined: (x: Operand, y: Term | string): BanFormula => ({ op: "combined", x: banOf(x), y: keyName(y) }),
  and: (...items: Operand[]): BanFormula => ({ op: "and", items: items.map(banOf) }),
};

/** Render a formula in the standard notation (|≡, ◁, |~, ⇒, #(X), ↔K, ⟨X⟩_Y). */
export function showBan(f: BanFormula): string {
  switch (f.op) {
    case "atom":
      return f.name;
    case "believes":
      return `${f.p} |≡ ${wrap(f.x)}`;
    case "sees":
      return `${f.p} ◁ ${wrap(f.x)}`;
    case "said":
      return `${f.p} |~ ${wrap(f.x)}`;
    case "controls":
      return `${f.p} ⇒ ${wrap(f.x)}`;
    case "fresh":
      return `#(${showBan(f.x)})`;
    case "sharedKey":
      return `${f.p} ↔[${f.k}] ${f.q}`;
    case "pubKey":
      return `→[${f.k}] ${f.p}`;
    case "secret":
      return `${f.p} ⇌[${f.y}] ${f.q}`;
    case "enc":
      return `{${showBan(f.x)}}_${f.k}${f.from ? ` from ${f.from}` : ""}`;
    case "signed":
      return `{${showBan(f.x)}}_${f.k}⁻¹`;
    case "combined":
      return `⟨${showBan(f.x)}⟩_${f.y}`;
    case "and":
      return `(${f.items.map(showBan).join(", ")})`;
  }
}

function wrap(f: BanFormula): string {
  const s = showBan(f);
  return f.op === "believes" || f.op === "sees" || f.op === "said" || f.op === "controls" ? `(${s})` : s;
}
