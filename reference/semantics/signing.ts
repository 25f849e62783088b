// Spec-tagged signatures and hashes: each is computed over payloadOf(term), the canonical bytes the
// spec term names, so a signature for one message can never verify as another.
import type { Term } from "../../protocol/terms.ts";
import { payloadOf, type Binding } from "../wire/binding.ts";
import { edSign, edVerify, ethRecover, ethSign, keccak256 } from "../crypto/index.ts";
import { ProtocolViolation } from "./violations.ts";

type SignTerm = Term & { kind: "sign" };
type HashTerm = Term & { kind: "hash" };

/** Narrow a spec term to a signature term (the spec says which field is one). */
export function asSign(t: Term): SignTerm {
  if (t.kind !== "sign") throw new ProtocolViolation("E_NOT_A_SIGNATURE", `spec term is not a signature: ${t.kind}`);
  return t;
}

/** Narrow a spec term to a one-way function term. */
export function asHash(t: Term): HashTerm {
  if (t.kind !== "hash") throw new ProtocolViolation("E_NOT_A_HASH", `spec term is not a hash: ${t.kind}`);
  return t;
}

/** The canonical payload of a signature or hash term under a binding. */
export function payload(t: SignTerm | HashTerm, b: Binding): Uint8Array {
  return payloadOf(t, (x) => b.get(x));
}

/** secp256k1 (chain A) signature over keccak256(payload). */
export function ethSignTerm(sk: Uint8Array, t: Term, b: Binding): Uint8Array {
  return ethSign(sk, keccak256(payload(asSign(t), b)));
}

/** The chain-A address (checksummed) that produced a signature on a term. */
export function ethSigner(t: Term, b: Binding, sig: Uint8Array): string {
  return ethRecover(keccak256(payload(asSign(t), b)), sig);
}

/** Ed25519 (chain B) signature over the payload. */
export function edSignTerm(sk: Uint8Array, t: Term, b: Binding): Uint8Array {
  return edSign(sk, payload(asSign(t), b));
}

/** Whether an Ed25519 signature on a term verifies under `pk`. */
export function edVerifyTerm(pk: Uint8Array, t: Term, b: Binding, sig: Uint8Array): boolean {
  return edVerify(pk, payload(asSign(t), b), sig);
}

/** keccak256 of a hash term's payload (the protocol's generic one-way function). */
export function hashTerm(t: Term, b: Binding): Uint8Array {
  return keccak256(payload(asHash(t), b));
}
