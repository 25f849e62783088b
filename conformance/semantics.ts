// What the checker needs to know about the implementation's cryptography to check signatures and
// one-way functions in a trace: supplied by the implementation (the same code the roles use), so the
// checker recomputes what a role's check handler should have checked, independently of that handler.
import type { Atom, Hash, Sign, Term } from "../protocol/terms.ts";
import { MedExChainError } from "../protocol/errors.ts";

/** Resolve a spec term to its bytes in the run being checked; throws UnresolvedTerm when it cannot. */
export type Leaf = (t: Term) => Uint8Array;

export interface TermSemantics {
  /** Verify a signature term's bytes under the signer's registered public key; undefined: this scheme cannot be checked off-line. */
  verifySignature(term: Sign, signature: Uint8Array, publicKey: Uint8Array, leaf: Leaf): boolean | undefined;
  /** The bytes of a one-way-function term computed from its inputs; undefined: the function is not known here. */
  hashValue(term: Hash, leaf: Leaf): Uint8Array | undefined;
  /** The wire bytes of a public constant (a chain id); undefined: not known here. */
  constantValue(atom: Atom): Uint8Array | undefined;
}

/** A term whose bytes the trace does not determine (never carried, nor computable from what was). */
export class UnresolvedTerm extends MedExChainError {
  constructor(readonly term: string) {
    super("E_UNRESOLVED_TERM", `no value for ${term} in this run: no message carried it and it cannot be computed from what was carried`, "record the message that carries it in the trace, or teach conformance/semantics.ts to compute it");
  }
}
