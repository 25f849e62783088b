// A fuzzing campaign: every target of the chosen groups, `runs` cases each from one seed. The
// decoders need nothing; the receive paths and contract entry points share one fuzzing world
// (embedded chains after an honest share), started once.
import type { Faults } from "../../reference/roles/world.ts";
import { contractTargets } from "./contract-targets.ts";
import { decoderTargets } from "./decoder-targets.ts";
import { startFuzzWorld } from "./fuzz-world.ts";
import { receiveTargets } from "./receive-targets.ts";
import type { FuzzTarget, TargetGroup, TargetResult } from "./target.ts";

/** Options of a campaign. */
export interface CampaignOptions {
  runs: number;
  seed?: number;
  groups?: readonly TargetGroup[];
  /** Only targets whose name contains this. */
  only?: string;
  /** Test-only misbehaviour of the roles (to show a broken check is caught). */
  faults?: Faults;
  onResult?: (r: TargetResult) => void;
}

/** What a campaign found: out/fuzz/report.json. */
export interface CampaignReport {
  ok: boolean;
  runs: number;
  seed: number;
  targets: TargetResult[];
}

/** Run the campaign. */
export async function runCampaign(opts: CampaignOptions): Promise<CampaignReport> {
  const seed = opts.seed ?? 20261123;
  const groups = opts.groups ?? ["decoder", "receive", "contract"];
  const pick = (ts: FuzzTarget[]) => ts.filter((t) => !opts.only || t.name.includes(opts.only));
  const results: TargetResult[] = [];
  const runAll = async (ts: FuzzTarget[]) => {
    for (const t of pick(ts)) {
      const r = await t.run(opts.runs, seed);
      opts.onResult?.(r);
      results.push(r);
    }
  };
  if (groups.includes("decoder")) await runAll(decoderTargets());
  if (groups.includes("receive") || groups.includes("contract")) {
    const w = await startFuzzWorld("fuzz", opts.faults);
    try {
      if (groups.includes("receive")) await runAll(receiveTargets(w));
      if (groups.includes("contract")) await runAll(await contractTargets(w));
    } finally {
      await w.close();
    }
  }
  return { ok: results.length > 0 && results.every((r) => r.ok), runs: opts.runs, seed, targets: results };
}
