// The two ways a message fails the spec: a role asked to do what the spec does not give it
// (ProtocolViolation) and a receive-side check that rejects a message (CheckFailed). They live
// beside the spec-term helpers, not in roles/, so the audit, the relay service and conformance can
// name them without importing a role.
import { MedExChainError } from "../../protocol/errors.ts";

export class ProtocolViolation extends MedExChainError {
  constructor(code: string, message: string, remedy = "a role was asked for something the spec does not give it, or a value it reads from a chain is not there; follow the spec's message flow (docs/protocol.md)") {
    super(code, message, remedy);
  }
}

/** A failed receive-side check: the message is rejected and nothing is stored. */
export class CheckFailed extends MedExChainError {
  constructor(
    readonly checkId: string,
    readonly role: string,
    detail: string,
    readonly causeError?: unknown,
  ) {
    super("E_CHECK_FAILED", `${role} rejected message at check ${checkId}: ${detail}`, "the message was rejected and nothing was stored; the sender must send one that passes this check of the spec");
  }
}
