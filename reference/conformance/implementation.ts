// The implementation facts the checker reads rather than restates: the wire sizes the roles register
// with their Endpoints, and the cryptography that computes signatures and one-way functions of terms.
import type { SizeOf } from "../wire/codec.ts";
import { sizeOf } from "../roles/sizes.ts";
import type { TermSemantics } from "./semantics.ts";

export interface ImplementationFacts {
  readonly sizeOf: SizeOf;
  /** Absent until the role implementations expose how they compute terms; then every signature is re-verified. */
  readonly semantics?: TermSemantics;
}

/** The reference implementation's facts, as the roles use them. */
export function implementation(): ImplementationFacts {
  // The roles do not yet export how they compute signatures and hashes of terms; until they do, the
  // report lists every signature and hash as unverified (structural.unverified) rather than guessing.
  return { sizeOf };
}
