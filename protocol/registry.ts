// The shipped specs, in one list every generator, the verify script and the implementation read.
import type { ProtocolSpec } from "./language.ts";
import { medexchain, sharePrefix } from "./specs/medexchain.ts";
import { needhamSchroeder78, needhamSchroederLowe } from "./specs/needham-schroeder.ts";
import { MedExChainError } from "./errors.ts";

/** Every protocol the repository states, in a fixed order (generated files depend on it). */
export const SPECS: readonly ProtocolSpec[] = [needhamSchroeder78, needhamSchroederLowe, ...medexchain, sharePrefix];

export class UnknownProtocolError extends MedExChainError {
  constructor(name: string) {
    super("E_UNKNOWN_PROTOCOL", `no protocol named "${name}"`, `name one of: ${SPECS.map((s) => s.name).join(", ")}`);
  }
}

/** Look a shipped protocol up by name (or by family, returning all its sub-protocols). */
export function specsNamed(name: string): ProtocolSpec[] {
  const found = SPECS.filter((s) => s.name === name || s.family === name);
  if (found.length === 0) throw new UnknownProtocolError(name);
  return found;
}
