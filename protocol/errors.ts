// The root of every typed error in the project. It lives in protocol/, the folder every other folder
// may import, so the spec checker, the generators, the verifiers, the implementation, the scenario,
// the adversary and the CLI all throw one kind of error: a stable `code` for programs (one style:
// E_ and upper-case words), a message saying what went wrong, and a `remedy` line saying what to do.
// The CLI prints `[code] message — remedy`.

export class MedExChainError extends Error {
  readonly code: string;
  readonly remedy: string;
  constructor(code: string, message: string, remedy: string) {
    super(message);
    if (!/^E_[A-Z0-9_]+$/.test(code)) throw new TypeError(`error code "${code}" is not of the form E_UPPER_CASE`);
    this.name = new.target.name;
    this.code = code;
    this.remedy = remedy;
  }
}

/** `[code] message — remedy` for a MedExChainError; the message (or the value) for anything else. */
export function describeFailure(e: unknown): string {
  if (e instanceof MedExChainError) return `[${e.code}] ${e.message}${e.remedy ? ` — ${e.remedy}` : ""}`;
  return e instanceof Error ? e.message : String(e);
}
