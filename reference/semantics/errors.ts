// The error codes of the implementation, sorted by what they mean for a party that meets them.
// An input rejection is the implementation refusing what it was sent or read (a malformed encoding,
// a failed check, a forged proof, a reverted call): a role drops the message, the relay service
// lists the step as refused and goes on, and the fuzzer counts it as the proper answer to a bad
// input. An operational failure (a node down, a file unreadable, a stale build) is none of that:
// it stops the caller. test/reference/semantics/errors.test.ts fails when reference/ throws a code
// that is in neither list.
import { MedExChainError } from "../../protocol/errors.ts";

/** Codes of errors that reject an input. */
export const INPUT_REJECTION_CODES = [
  // crypto: encodings and values
  "E_AEAD", "E_ARGUMENT", "E_FIELD", "E_GT", "E_KEY_COMMITMENT", "E_LENGTH", "E_POINT", "E_SCALAR", "E_SIGNATURE",
  // wire codec and run bindings
  "E_BAD_VERSION", "E_MISSING_FIELD", "E_NON_CANONICAL", "E_TOO_LARGE", "E_TRAILING_BYTES", "E_TRUNCATED", "E_UNKNOWN_FIELD",
  "E_UNKNOWN_LABEL", "E_WRONG_LABEL", "E_WRONG_LENGTH", "E_REBOUND", "E_UNBOUND",
  // the spec's receive-side checks and the roles' protocol violations
  "E_CHECK_FAILED", "E_BAD_GRANT", "E_BAD_REFUSAL", "E_BAD_SIGNATURE", "E_FUTURE", "E_HASH_MISMATCH", "E_MISSING_EVENT",
  "E_NOT_A_HASH", "E_NOT_A_SIGNATURE", "E_NOT_CERTIFIED", "E_NOT_GRANTED", "E_NOT_OWNER", "E_NOT_REFUSAL", "E_NOT_REGISTERED",
  "E_NO_REQUEST", "E_RECORD_ID", "E_RECORD_CONTEXT", "E_REFUSED", "E_RELABELLED", "E_GRANT_CIPHERTEXT", "E_WRONG_CIPHERTEXT", "E_REPLAY", "E_POSSESSION_PROOF", "E_THRESHOLD", "E_STALE", "E_STORAGE", "E_WRONG_CHAIN", "E_WRONG_NONCE", "E_WRONG_RECORD",
  "E_MISSING_CHECK", "E_UNKNOWN_CHECK", "E_UNKNOWN_CLAIM", "E_UNKNOWN_ROLE", "E_WRONG_ROLE", "E_NO_FUNCTION", "E_UNKNOWN_TERM",
  // what the chains hold or answer
  "E_CONTRACT_REVERT", "E_MALFORMED_EVENT", "E_PAYLOAD_DECODE", "E_RELAY_PROOF", "E_FUZZ_WRITE_BLOCKED",
  // blobs
  "E_BLOB_INTEGRITY", "E_BLOB_NOT_FOUND", "E_INVALID_CID",
] as const;

/** Codes of errors that stop the caller: infrastructure, files and builds. */
export const OPERATIONAL_CODES = [
  "E_CHAIN_CLOSED", "E_CHAIN_CONFIG", "E_INSUFFICIENT_FUNDS", "E_NODE_CHAIN_ID", "E_NODE_EXITED", "E_RPC_ERROR",
  "E_RPC_UNREACHABLE", "E_TX_FAILED", "E_READ_FAILED", "E_WRITE_FAILED", "E_AUDIT_READ", "E_DEPLOYMENT_FILE",
  "E_TRACE_FORMAT", "E_STATE_FILE", "E_KEY_FILE", "E_SERVICE_CALL", "E_SERVICE_START", "E_COMPILATION_FAILED", "E_MISSING_ARTEFACT", "E_STALE_ARTEFACT",
] as const;

export type InputRejectionCode = (typeof INPUT_REJECTION_CODES)[number];

const REJECTIONS: ReadonlySet<string> = new Set(INPUT_REJECTION_CODES);

/** Whether `e` is the implementation rejecting an input (see INPUT_REJECTION_CODES). */
export function isInputRejection(e: unknown): e is MedExChainError {
  return e instanceof MedExChainError && REJECTIONS.has(e.code);
}
