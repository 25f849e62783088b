// What an attack scenario is and how its outcome is judged: the scenario states what must happen,
// records what did, and holds only if every expectation it checks held.
import { ContractRevertError, LedgerError } from "../../reference/chains/errors.ts";
import { CheckFailed, ProtocolViolation } from "../../reference/semantics/violations.ts";

/** One entry of out/attacks/report.json. */
export interface ScenarioResult {
  name: string;
  expected: string;
  observed: string;
  held: boolean;
  /** The party the scenario shows being rejected or named (the attacker). */
  party: string;
}

/** An attack: its name, what must happen, whom it must name, and the run that checks it. */
export interface Scenario {
  name: string;
  expected: string;
  party: string;
  run(ev: Evidence): Promise<void>;
}

/** The observations of one scenario; it holds only if every check did. */
export class Evidence {
  private readonly lines: string[] = [];
  private ok = true;

  /** Record an observation the scenario requires. */
  check(cond: boolean, what: string): void {
    this.lines.push(cond ? what : `NOT HELD: ${what}`);
    if (!cond) this.ok = false;
  }

  /** Record context that is not itself a requirement. */
  note(what: string): void {
    this.lines.push(what);
  }

  get held(): boolean {
    return this.ok && this.lines.length > 0;
  }

  get observed(): string {
    return this.lines.join("; ");
  }
}

/** How an attempted step ended. */
export type Outcome =
  | { kind: "accepted" }
  | { kind: "revert"; name: string; args: readonly unknown[] }
  | { kind: "check"; checkId: string; role: string; detail: string }
  | { kind: "error"; code: string; message: string };

/** Run an attacker's step and classify how it ended (never throws for a typed rejection). */
export async function attempt(p: Promise<unknown> | (() => Promise<unknown>)): Promise<Outcome> {
  try {
    await (typeof p === "function" ? p() : p);
    return { kind: "accepted" };
  } catch (e) {
    if (e instanceof ContractRevertError) return { kind: "revert", name: e.errorName, args: e.errorArgs };
    if (e instanceof CheckFailed) return { kind: "check", checkId: e.checkId, role: e.role, detail: e.message };
    if (e instanceof ProtocolViolation || e instanceof LedgerError) return { kind: "error", code: e.code, message: e.message };
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return { kind: "error", code, message: (e as Error).message };
    throw e; // an untyped error is a bug, not a rejection: let the scenario fail loudly
  }
}

/** A short description of an outcome for the report. */
export function describe(o: Outcome): string {
  switch (o.kind) {
    case "accepted":
      return "accepted";
    case "revert":
      return `reverted with ${o.name}`;
    case "check":
      return `rejected by ${o.role} at check ${o.checkId}`;
    case "error":
      return `rejected with ${o.code}`;
  }
}

/** Whether an outcome is a revert with `name`. */
export const reverted = (o: Outcome, name: string) => o.kind === "revert" && o.name === name;

/** Whether an outcome is a role's check `checkId` failing. */
export const failedCheck = (o: Outcome, checkId: string) => o.kind === "check" && o.checkId === checkId;

/** Whether an outcome is a typed error with `code`. */
export const typedError = (o: Outcome, code: string) => o.kind === "error" && o.code === code;
