// A fuzz target and how it is run: fast-check draws `runs` malformed inputs from a seed, the
// target's property either returns the outcome it observed (a rejection code, or "accepted") or
// throws to report a violation; the result keeps the first counterexample and a tally of outcomes.
import fc from "fast-check";
import { MedExChainError } from "../../protocol/errors.ts";

/** What kind of entry point a target exercises. */
export type TargetGroup = "decoder" | "receive" | "contract";

/** A target's result, as printed and written to out/fuzz/report.json. */
export interface TargetResult {
  name: string;
  group: TargetGroup;
  runs: number;
  ok: boolean;
  /** How the inputs ended: rejection codes (or "accepted" for inputs the property allows), with counts. */
  outcomes: Record<string, number>;
  counterexample?: string;
  ms: number;
}

/** A fuzz target. */
export interface FuzzTarget {
  name: string;
  group: TargetGroup;
  run(runs: number, seed: number): Promise<TargetResult>;
}

/** The property broke: a crash, an acceptance or a change of state. */
export class FuzzViolation extends MedExChainError {
  constructor(detail: string) {
    super("E_FUZZ_VIOLATION", detail, "a decoder, receive path or contract accepted or crashed on an input it must reject with a typed error; fix the target named in the message");
  }
}

/** Build a target from an arbitrary and a property returning the outcome label of each input. */
export function propertyTarget<T>(
  name: string,
  group: TargetGroup,
  arbitrary: () => fc.Arbitrary<T> | Promise<fc.Arbitrary<T>>,
  property: (input: T) => string | Promise<string>,
  opts: { after?: () => Promise<void>; show?: (input: T) => string } = {},
): FuzzTarget {
  return {
    name,
    group,
    async run(runs, seed) {
      const t0 = performance.now();
      const outcomes: Record<string, number> = {};
      const arb = await arbitrary();
      const details = await fc.check(
        fc.asyncProperty(arb, async (x) => {
          const label = await property(x);
          outcomes[label] = (outcomes[label] ?? 0) + 1;
        }),
        { numRuns: runs, seed, endOnFailure: true },
      );
      let counterexample: string | undefined;
      if (details.failed) {
        const input = details.counterexample?.[0] as T | undefined;
        const why = details.errorInstance instanceof Error ? details.errorInstance.message.split("\n")[0] : String(details.errorInstance);
        counterexample = `${why}${input !== undefined ? ` — input: ${(opts.show ?? show)(input)}` : ""}`;
      } else if (opts.after) {
        try {
          await opts.after();
        } catch (e) {
          counterexample = `after the run: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      return { name, group, runs: details.numRuns, ok: counterexample === undefined, outcomes, ...(counterexample ? { counterexample } : {}), ms: performance.now() - t0 };
    },
  };
}

function show(x: unknown): string {
  if (x instanceof Uint8Array) return `0x${Buffer.from(x).toString("hex").slice(0, 400)}${x.length > 200 ? "…" : ""} (${x.length} bytes)`;
  try {
    return JSON.stringify(x, (_, v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? `0x${Buffer.from(v).toString("hex")}` : v)).slice(0, 600);
  } catch {
    return String(x);
  }
}
