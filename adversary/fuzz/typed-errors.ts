// What counts as a proper rejection of bad input: one of the project's typed errors (each with a
// stable `code` and a message that says what to do). A TypeError, a RangeError or an error without a
// code means an input reached code that did not expect it — a crash, which the fuzzer reports.
import { CryptoError } from "../../reference/crypto/errors.ts";
import { WireError } from "../../reference/wire/codec.ts";
import { BindingError } from "../../reference/wire/binding.ts";
import { LedgerError } from "../../reference/chains/errors.ts";
import { StorageError } from "../../reference/storage/errors.ts";
import { CheckFailed, ProtocolViolation } from "../../reference/semantics/violations.ts";

const TYPED = [CryptoError, WireError, BindingError, LedgerError, StorageError, CheckFailed, ProtocolViolation] as const;

/** Whether `e` is one of the project's typed errors. */
export function isTypedError(e: unknown): boolean {
  return TYPED.some((C) => e instanceof C) && typeof (e as { code?: unknown }).code === "string";
}

/** A one-line description of an error, for counterexample reports. */
export function describeError(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (e instanceof Error) return `${e.name}${typeof code === "string" ? `(${code})` : ""}: ${e.message.split("\n")[0]}`;
  return String(e);
}
