// The IND-CPA experiment: the scheme under test is the challenger and the oracle, so each broken
// scheme is caught by the adversary built for its flaw, and the record-bound grant passes.
import { beforeAll, describe, expect, it } from "vitest";
import { CONTROL_SCHEMES, cpaFailuresOf, REAL_SCHEME, runCpaExperiment, WEAK_SCHEME, type CpaResult, type CpaRun } from "../../../adversary/experiments/cpa.ts";
import { preDecrypt1, preGrantKey, preKeyGen, PreEncryptor, preRandomMessage, preReEncryptRecord, seededRng, gtEq, useFastBackend } from "../../../reference/crypto/index.ts";

let r: CpaResult;
const run = (name: string): CpaRun => r.runs.find((x) => x.scheme === name)!;
const line = (x: CpaRun, adversary: string, game = "second-level") => x.lines.find((l) => l.adversary === adversary && l.game === game)!;

beforeAll(async () => {
  await useFastBackend();
  r = runCpaExperiment({ seed: "cpa-test", trials: 32, controlTrials: 16, schemes: [REAL_SCHEME, ...CONTROL_SCHEMES, WEAK_SCHEME] });
}, 300_000);

describe("CPA experiment", () => {
  it("certifies the record-bound grant against every adversary, the delegatee with other grants included", () => {
    const real = run(REAL_SCHEME.name);
    expect(real.verdict).toBe("certified");
    expect(real.lines.length).toBeGreaterThanOrEqual(10);
    expect(line(real, "delegatee with other grants").detected).toBe(false);
    expect(real.lineSignificance).toBeCloseTo(0.01 / real.lines.length);
  });

  it("rejects the pre-fix re-key: the delegatee opens a record it was not granted", () => {
    const x = run("pre-fix per-patient re-key");
    expect(x.verdict).toBe("rejected");
    expect(line(x, "delegatee with other grants").success).toBe(1);
  });

  it("rejects deterministic encryption: the oracle's own encryption of m0 matches", () => {
    const x = run("deterministic PRE encryption");
    expect(x.verdict).toBe("rejected");
    expect(line(x, "encrypt-and-compare").success).toBe(1);
  });

  it("rejects low-entropy data keys: the blob opens under a guessed key", () => {
    const x = run("low-entropy data keys");
    expect(x.verdict).toBe("rejected");
    expect(line(x, "brute-force data key", "record").success).toBe(1);
  });

  it("fails the run when a control is certified: the weak scheme is not detected at 32 trials", () => {
    expect(run(WEAK_SCHEME.name).verdict).toBe("certified");
    expect(r.ok).toBe(false);
    expect(r.failures).toEqual([expect.stringMatching(/weak data keys.*certified/)]);
    expect(cpaFailuresOf([{ ...run("deterministic PRE encryption"), control: false }])[0]).toMatch(/broken by encrypt-and-compare/);
  });

  it("the delegatee's grants do work on the records they were made for (the adversary is not handicapped)", () => {
    const rng = seededRng("cpa-test/grant");
    const owner = preKeyGen(rng);
    const hb = preKeyGen(rng);
    const m = preRandomMessage(rng);
    const ct = new PreEncryptor(owner.pk).encrypt(m, rng).ct;
    expect(gtEq(preDecrypt1(hb.sk, preReEncryptRecord(preGrantKey(owner.sk, ct, hb.pk.g2a2, rng), ct)), m)).toBe(true);
  });
});
