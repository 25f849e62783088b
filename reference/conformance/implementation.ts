// The implementation facts the checker reads rather than restates: the wire sizes the roles register
// with their Endpoints, and the cryptography that computes signatures and one-way functions of terms.
import type { SizeOf } from "../wire/codec.ts";
import type { TermSemantics } from "./semantics.ts";

export interface ImplementationFacts {
  readonly sizeOf: SizeOf;
  /** Absent until the role implementations expose how they compute terms; then every signature is re-verified. */
  readonly semantics?: TermSemantics;
}

/** The reference implementation's facts, as the roles use them. */
export function implementation(): ImplementationFacts {
  // The roles (reference/roles) do not yet export their term sizes and term cryptography; until they
  // do, decoding checks no fixed sizes and the report lists every signature and hash as unverified.
  return { sizeOf: () => undefined };
}
