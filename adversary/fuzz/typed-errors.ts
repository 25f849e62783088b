// What counts as a proper rejection of bad input: an error whose code the implementation lists as an
// input rejection (reference/semantics/errors.ts, the list the relay service uses too), or the fuzz
// world's refusal of a write while the chains are read-only. A TypeError, a RangeError or an error
// without such a code means an input reached code that did not expect it — a crash, which the
// fuzzer reports.
import { MedExChainError } from "../../protocol/errors.ts";
import { isInputRejection } from "../../reference/semantics/errors.ts";

/** Whether `e` is the implementation rejecting a fuzzed input with one of its typed errors. */
export function isTypedError(e: unknown): boolean {
  return isInputRejection(e);
}

/** A one-line description of an error, for counterexample reports. */
export function describeError(e: unknown): string {
  if (e instanceof MedExChainError) return `${e.name}(${e.code}): ${e.message.split("\n")[0]}`;
  if (e instanceof Error) return `${e.name}: ${e.message.split("\n")[0]}`;
  return String(e);
}
