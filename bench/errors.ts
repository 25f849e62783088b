// Typed failures of the benchmark: a missing measurement, an unusable peer library, a run that did not share.
import { MedExChainError } from "../protocol/errors.ts";

/** Something the benchmark needed was not measured or did not behave (its message says what). */
export class BenchmarkError extends MedExChainError {
  constructor(message: string) {
    super("E_BENCHMARK", `benchmark: ${message}`, "run `npx medexchain bench --quick` to see which measurement fails; the message names it");
  }
}
