// Typed failures of the BAN prover: each names the problem and what to change.

/** A formula nests deeper than the prover accepts: it would not terminate in reasonable time. */
export class BanNestingError extends Error {
  readonly code = "BAN_NESTING";
  constructor(protocol: string, where: string, depth: number, limit: number) {
    super(`BAN ${protocol}: ${where} nests ${depth} levels deep, beyond the prover's limit of ${limit}. Flatten the idealisation (a tuple of statements instead of statements inside statements).`);
    this.name = "BanNestingError";
  }
}

/** The fact base grew past its bound: the rules are not converging on this input. */
export class BanFactLimitError extends Error {
  readonly code = "BAN_FACT_LIMIT";
  constructor(protocol: string, limit: number) {
    super(`BAN ${protocol}: more than ${limit} facts derived without reaching a fixpoint. Reduce the annotations (fewer or smaller tuples) or report this as a prover bug.`);
    this.name = "BanFactLimitError";
  }
}

/** A goal or assumption named on the command line or in a test does not exist in the spec. */
export class BanUnknownNameError extends Error {
  readonly code = "BAN_UNKNOWN_NAME";
  constructor(protocol: string, what: string, name: string, known: readonly string[]) {
    super(`BAN ${protocol}: no ${what} named "${name}"; known: ${known.join(", ") || "none"}. Name one of these.`);
    this.name = "BanUnknownNameError";
  }
}
