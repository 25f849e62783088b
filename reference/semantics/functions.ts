// The concrete one-way function behind each hash name the spec uses. One table, so the roles and
// the conformance checker compute `f(x)` the same way.
import { subterms, type Term } from "../../protocol/terms.ts";
import { blobHash, keccak256 } from "../crypto/index.ts";
import { cidOf, cidToBytes } from "../storage/cid.ts";
import type { Binding } from "../wire/binding.ts";
import { ProtocolViolation } from "./violations.ts";
import { asHash, payload } from "./signing.ts";

/** How each named function is computed from the bytes of its argument(s). */
export const FUNCTIONS: Readonly<Record<string, { readonly description: string; readonly eval?: (t: Term & { kind: "hash" }, b: Binding) => Uint8Array }>> = {
  cid: { description: "IPFS CIDv1 (raw codec, sha2-256) of the blob", eval: (t, b) => cidToBytes(cidOf(b.get(t.items[0]!))) },
  blobhash: { description: "SHA-256 of the blob, as anchored on chain A", eval: (t, b) => blobHash(b.get(t.items[0]!)) },
  rk: { description: "keccak256 of the encoded re-encryption key (record-bound grant d ‖ u), as chain A stores it", eval: (t, b) => keccak256(b.get(t.items[0]!)) },
  ack: { description: "keccak256 of the spec-tagged payload (ciphertext, blob hash)", eval: (t, b) => keccak256(payload(t, b)) },
  kdf: { description: "HKDF-SHA256 of the encoded GT element m, info = label MedExChain/v1/data-key ‖ the record context (D, HA, P, tsD) (never sent; reference/roles/record-context.ts)" },
  relay: { description: "the relay digest keccak256(abi.encode(domain, source chain and contract, destination chain and contract, source audit entry, keccak256(payload))), computed by the contracts" },
};

/**
 * Bind every one-way function value inside `t` that is computable from values already bound and not
 * bound yet (innermost first), e.g. H(C') inside a grant signature once C' is known. Returns `b`.
 */
export function bindComputable(t: Term, b: Binding): Binding {
  for (const s of subterms(t).reverse()) {
    if (s.kind !== "hash" || b.has(s) || !FUNCTIONS[s.fn]?.eval) continue;
    if (!s.items.every((x) => b.has(x))) continue;
    b.set(s, evaluate(s, b));
  }
  return b;
}

/** Evaluate a hash term under a binding with its concrete function. */
export function evaluate(term: Term, b: Binding): Uint8Array {
  const t = asHash(term);
  const f = FUNCTIONS[t.fn]?.eval;
  if (!f) throw new ProtocolViolation("E_NO_FUNCTION", `the one-way function "${t.fn}" is not computed from message values`);
  return f(t, b);
}
