// Typed failures of the benchmark: a missing measurement, an unusable peer library, a run that did not share.

/** Something the benchmark needed was not measured or did not behave (its message says what). */
export class BenchmarkError extends Error {
  constructor(message: string) {
    super(`benchmark: ${message}`);
    this.name = "BenchmarkError";
  }
}
