// Typed failures of the BAN prover: each names the problem and what to change.
import { MedExChainError } from "../../protocol/errors.ts";

/** A formula nests deeper than the prover accepts: it would not terminate in reasonable time. */
export class BanNestingError extends MedExChainError {
  constructor(protocol: string, where: string, depth: number, limit: number) {
    super("E_BAN_NESTING", `BAN ${protocol}: ${where} nests ${depth} levels deep, beyond the prover's limit of ${limit}`, "flatten the idealisation (a tuple of statements instead of statements inside statements)");
  }
}

/** The fact base grew past its bound: the rules are not converging on this input. */
export class BanFactLimitError extends MedExChainError {
  constructor(protocol: string, limit: number) {
    super("E_BAN_FACT_LIMIT", `BAN ${protocol}: more than ${limit} facts derived without reaching a fixpoint`, "reduce the annotations (fewer or smaller tuples) or report this as a prover bug");
  }
}

/** A goal or assumption named on the command line or in a test does not exist in the spec. */
export class BanUnknownNameError extends MedExChainError {
  constructor(protocol: string, what: string, name: string, known: readonly string[]) {
    super("E_BAN_UNKNOWN_NAME", `BAN ${protocol}: no ${what} named "${name}"`, `name one of: ${known.join(", ") || "none"}`);
  }
}
