// Fuzzing every role's receive path and every contract entry point on embedded chains (CI runs a
// modest number of cases; `npm run fuzz` runs 10,000 per target), and the property's teeth: a role
// that skips a check is caught accepting an altered message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFuzzWorld, type FuzzWorld } from "../../../adversary/fuzz/fuzz-world.ts";
import { receiveTargets } from "../../../adversary/fuzz/receive-targets.ts";
import { contractTargets } from "../../../adversary/fuzz/contract-targets.ts";
import { runCampaign } from "../../../adversary/fuzz/campaign.ts";
import type { TargetResult } from "../../../adversary/fuzz/target.ts";

const RECEIVE_RUNS = 120;
const CONTRACT_RUNS = 150;

let w: FuzzWorld;
beforeAll(async () => {
  w = await startFuzzWorld("fuzz-test");
});
afterAll(async () => {
  await w?.close();
});

const expectHeld = (r: TargetResult) => {
  expect(r.counterexample).toBeUndefined();
  expect(r.ok).toBe(true);
};

describe("receive paths", () => {
  it(`every role rejects malformed input with a typed error, never accepts altered fields, changes nothing (${RECEIVE_RUNS} cases each)`, async () => {
    const names: string[] = [];
    for (const t of receiveTargets(w)) {
      const r = await t.run(RECEIVE_RUNS, 11);
      names.push(r.name);
      expectHeld(r);
      // Most inputs end in a named rejection, not an acceptance.
      const rejected = Object.entries(r.outcomes).filter(([k]) => !k.startsWith("accepted")).reduce((n, [, c]) => n + c, 0);
      expect(rejected, `${r.name}: ${JSON.stringify(r.outcomes)}`).toBeGreaterThan(r.runs / 2);
    }
    for (const l of ["up1", "up2", "in1", "an1", "rq1", "rq2", "gr1", "dl1", "fe1", "ak1"]) expect(names.some((n) => n.includes(` ${l} `)), l).toBe(true);
  });
});

describe("contract entry points", () => {
  it(`malformed calls revert, nothing stored changes, the genuine message is still accepted once (${CONTRACT_RUNS} cases each)`, async () => {
    const targets = await contractTargets(w);
    expect(targets.length).toBeGreaterThanOrEqual(5);
    for (const t of targets) expectHeld(await t.run(CONTRACT_RUNS, 13));
  });
});

describe("the receive property has teeth", () => {
  it("HA skipping its signature check is caught accepting an altered upload", async () => {
    const r = await runCampaign({ runs: 200, seed: 5, groups: ["receive"], only: "up2 at HA", faults: { skipChecks: ["up2.sig"] } });
    expect(r.ok).toBe(false);
    expect(r.targets[0]!.counterexample).toMatch(/accepted up2 with altered field/);
  });
});
