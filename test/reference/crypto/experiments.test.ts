import { describe, expect, it } from "vitest";
import { runAsaExperiment } from "../../../adversary/experiments/asa.ts";
import { runCpaExperiment } from "../../../adversary/experiments/cpa.ts";
import { estimate } from "../../../adversary/experiments/statistics.ts";
import { backdoorBit, secretBit } from "../../../adversary/experiments/backdoor.ts";
import { run } from "../../../cli/commands/experiment.ts";

describe("statistics", () => {
  it("computes success, advantage and the 99% noise floor", () => {
    expect(estimate(50, 100)).toMatchObject({ success: 0.5, advantage: 0 });
    expect(estimate(100, 100).advantage).toBe(1);
    expect(estimate(0, 100).advantage).toBe(1);
    expect(estimate(75, 100).advantage).toBeCloseTo(0.5);
    expect(estimate(1, 10000).noise99).toBeCloseTo(0.02576);
  });
});

describe("backdoor", () => {
  it("reads secret bits little-endian and cycles", () => {
    const s = new Uint8Array([0b10, 0x80]);
    expect([0, 1, 2, 15, 16, 17].map((i) => secretBit(s, i))).toEqual([0, 1, 0, 1, 0, 1]);
  });
  it("depends on the backdoor key", () => {
    const data = new Uint8Array(48).fill(3);
    const bits = Array.from({ length: 32 }, (_, k) => backdoorBit(new Uint8Array(32).fill(k), data));
    expect(new Set(bits).size).toBe(2);
  });
});

describe("ASA experiment", () => {
  const r = runAsaExperiment({ trials: 256, seed: "test", residualTrials: 24 });

  it("without the firewall the subverted device leaks every bit and the whole key", () => {
    expect(r.withoutCrf.success).toBeGreaterThanOrEqual(0.99);
    expect(r.withoutCrf.keyRecovered).toBe(true);
    expect(r.decryptsCorrectly).toBe(true);
    expect(r.drawsPerUpload).toBeGreaterThan(1.5);
  });

  it("with the firewall the adversary is back to guessing", () => {
    // 256 fair coin flips fall outside [0.35, 0.65] with probability below 1e-6
    expect(r.withCrf.success).toBeGreaterThan(0.35);
    expect(r.withCrf.success).toBeLessThan(0.65);
    expect(r.withCrf.keyRecovered).toBe(false);
  });

  it("reports the residual plaintext channel the firewall cannot close", () => {
    expect(r.residual.withCrf.success).toBe(1);
  });

  it("refuses a non-positive trial count", () => {
    expect(() => runAsaExperiment({ trials: 0, seed: "x" })).toThrow();
  });
});

describe("CPA experiment", () => {
  const r = runCpaExperiment({ trials: 20, seed: "test" });

  it("control adversaries (outside the model) win every trial", () => {
    for (const l of [...r.secondLevel, ...r.firstLevel].filter((x) => !x.inModel)) expect(l.success).toBe(1);
    expect(r.stuckRandomnessControl.success).toBe(1);
  });

  it("no in-model adversary wins every trial (probability 2^-20 for a guesser)", () => {
    const inModel = [...r.secondLevel, ...r.firstLevel].filter((x) => x.inModel);
    expect(inModel.length).toBeGreaterThanOrEqual(6);
    expect(r.maxInModelAdvantage).toBeLessThan(1);
  });
});

describe("medexchain experiment CLI", () => {
  it("rejects unknown experiments and bad trial counts with exit code 2", async () => {
    expect(await run(["bogus"])).toBe(2);
    expect(await run([])).toBe(2);
    expect(await run(["asa", "--trials", "0"])).toBe(2);
    expect(await run(["cpa", "--trials", "x"])).toBe(2);
    expect(await run(["asa", "--nope"])).toBe(2);
  });
});
