// The two ways a message fails the spec: a role asked to do what the spec does not give it
// (ProtocolViolation) and a receive-side check that rejects a message (CheckFailed). They live
// beside the spec-term helpers, not in roles/, so the audit, the relay service and conformance can
// name them without importing a role.

export class ProtocolViolation extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = "ProtocolViolation";
  }
}

/** A failed receive-side check: the message is rejected and nothing is stored. */
export class CheckFailed extends Error {
  readonly code = "CHECK_FAILED";
  constructor(
    readonly checkId: string,
    readonly role: string,
    detail: string,
    readonly causeError?: unknown,
  ) {
    super(`${role} rejected message at check ${checkId}: ${detail}`);
    this.name = "CheckFailed";
  }
}
