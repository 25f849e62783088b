// Scyther's `--plain` claim lines, parsed. One line per claim:
//   claim<TAB>Protocol,Role<TAB>Type_label<TAB>parameter<TAB>Ok|Fail<TAB>[refinement][<TAB>time=N]
// A line carrying `time=` was cut off by --timer and says nothing about the claim.
import { MedExChainError } from "../protocol/errors.ts";

export type ClaimStatus = "Ok" | "Fail" | "Timeout" | "Error";

export interface ClaimLine {
  readonly protocol: string;
  readonly role: string;
  readonly type: string;
  readonly label: string;
  readonly parameter: string;
  readonly verdict: "Ok" | "Fail";
  /** Scyther's own wording in brackets: "proof of correctness", "no attack within bounds", "at least 1 attack", … */
  readonly refinement: string;
  /** Attacks found (0 for Ok); a lower bound unless the refinement says "exactly". */
  readonly attacks: number;
  /** Set when Scyther's --timer cut the search: the verdict is then inconclusive. */
  readonly timedOut: boolean;
}

export class ScytherOutputError extends MedExChainError {
  constructor(detail: string) {
    super("E_SCYTHER_OUTPUT", `unexpected Scyther output: ${detail}`, "check that the Scyther binary is v1.1 or later and run with --plain");
  }
}

/** Parse one `claim` line; throws ScytherOutputError on anything else. */
export function parseClaimLine(line: string): ClaimLine {
  const cols = line.replace(/\r?\n$/, "").split("\t");
  if (cols[0] !== "claim" || cols.length < 6) throw new ScytherOutputError(`not a claim line: ${JSON.stringify(line)}`);
  const [, where, typeLabel, parameter, verdict, bracket, ...rest] = cols as [string, string, string, string, string, string, ...string[]];
  const comma = where.indexOf(",");
  const underscore = typeLabel.indexOf("_");
  if (comma < 0 || underscore < 0) throw new ScytherOutputError(`cannot split ${JSON.stringify(where)} / ${JSON.stringify(typeLabel)}`);
  if (verdict !== "Ok" && verdict !== "Fail") throw new ScytherOutputError(`verdict ${JSON.stringify(verdict)}`);
  const refinement = bracket.replace(/^\[/, "").replace(/\]$/, "");
  const count = /(\d+) attacks?/.exec(refinement);
  return {
    protocol: where.slice(0, comma),
    role: where.slice(comma + 1),
    type: typeLabel.slice(0, underscore),
    label: typeLabel.slice(underscore + 1),
    parameter,
    verdict,
    refinement,
    attacks: verdict === "Fail" ? Number(count?.[1] ?? 1) : 0,
    timedOut: rest.some((r) => r.startsWith("time=")),
  };
}

/** Every claim line in Scyther's output (stdout and stderr may be interleaved; other lines are skipped). */
export function parseClaimLines(output: string): ClaimLine[] {
  return output
    .split(/\r?\n/)
    .flatMap((l) => {
      const at = l.indexOf("claim\t");
      return at >= 0 ? [l.slice(at)] : [];
    })
    .map(parseClaimLine);
}

/** Scyther's version string from `--version` output ("v1.3.0-5-gac49bec"), or undefined. */
export function parseVersion(output: string): string | undefined {
  return /Scyther version ([^\s]+?)\.?\s/.exec(`${output} `)?.[1];
}

/** The error lines Scyther printed (syntax errors, unknown symbols), for the report. */
export function errorLines(output: string): string[] {
  return output.split(/\r?\n/).filter((l) => /^(error|warning: No claims)/.test(l.trim()));
}
