// The shipped specs, in one list every generator, the verify script and the implementation read.
import type { ProtocolSpec } from "./language.ts";
import { medexchain, sharePrefix } from "./specs/medexchain.ts";
import { needhamSchroeder78, needhamSchroederLowe } from "./specs/needham-schroeder.ts";

/** Every protocol the repository states, in a fixed order (generated files depend on it). */
export const SPECS: readonly ProtocolSpec[] = [needhamSchroeder78, needhamSchroederLowe, ...medexchain, sharePrefix];

export class UnknownProtocolError extends Error {
  readonly code = "UNKNOWN_PROTOCOL";
  constructor(name: string) {
    super(`no protocol named "${name}"; known: ${SPECS.map((s) => s.name).join(", ")}`);
    this.name = "UnknownProtocolError";
  }
}

/** Look a shipped protocol up by name (or by family, returning all its sub-protocols). */
export function specsNamed(name: string): ProtocolSpec[] {
  const found = SPECS.filter((s) => s.name === name || s.family === name);
  if (found.length === 0) throw new UnknownProtocolError(name);
  return found;
}
