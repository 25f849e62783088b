// What the conformance checker reports when a trace is not an instance of the spec: one record per
// deviation, naming where it happened (run, role, label), what the spec expected and what was seen.

/** The kinds of deviation, so tests and readers can tell a skipped check from a reused nonce. */
export type MismatchCode =
  | "EMPTY_TRACE"
  | "STATIC"
  | "UNKNOWN_PROTOCOL"
  | "UNKNOWN_ROLE"
  | "UNKNOWN_LABEL"
  | "UNKNOWN_CHECK"
  | "UNKNOWN_CLAIM"
  | "ORDER"
  | "UNEXPECTED_EVENT"
  | "INCOMPLETE_RUN"
  | "CONTINUED_AFTER_REJECTION"
  | "CHECK_NOT_EXECUTED"
  | "CHECK_ORDER"
  | "CHECK_OUTSIDE_RECEIVE"
  | "ACCEPTED_AFTER_FAILED_CHECK"
  | "CLAIM_TYPE"
  | "WRONG_PEER"
  | "WRONG_CHANNEL"
  | "CHAIN_RECORD"
  | "ROLE_PLAYED_BY_MANY"
  | "NOT_DELIVERED"
  | "DUPLICATE_MESSAGE"
  | "DELIVERY_ALTERED"
  | "RECEIVED_BEFORE_SENT"
  | "MALFORMED"
  | "FIELDS_DISAGREE"
  | "VALUE_CHANGED"
  | "FRESH_REUSED"
  | "STALE_TIMESTAMP"
  | "AGENT_NOT_REGISTERED"
  | "AGENT_REBOUND"
  | "WRONG_AGENT"
  | "KEY_NOT_REGISTERED"
  | "BAD_SIGNATURE"
  | "HASH_MISMATCH";

export interface Mismatch {
  readonly code: MismatchCode;
  /** `<protocol>/<run>` (prefixed by the trace file when several are checked), or "" for trace-wide problems. */
  readonly run: string;
  readonly role: string;
  /** The message label, claim label or check id concerned ("" when none). */
  readonly label: string;
  /** What the spec expected, in the spec's vocabulary (a term, an event, a check id). */
  readonly expected: string;
  /** What the trace shows instead (a value in hex, an event, "nothing"). */
  readonly observed: string;
  /** A sentence saying what is wrong and where to look. */
  readonly detail: string;
}

/** Shorten a hex value for reports: long ciphertexts are recognisable by their ends. */
export function brief(hex: string): string {
  return hex.length <= 40 ? hex : `${hex.slice(0, 24)}…${hex.slice(-12)} (${hex.length / 2} bytes)`;
}
