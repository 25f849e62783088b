// The ASA experiment end to end: a subverted device in the real upload path, the reverse firewall
// certified, every broken firewall rejected, the residual channels measured.
import { beforeAll, describe, expect, it } from "vitest";
import { failuresOf, runAsaExperiment, type AsaResult, type AsaRun } from "../../../adversary/experiments/asa.ts";
import { useFastBackend } from "../../../reference/crypto/index.ts";
import { CONTROL_FIREWALLS, REAL_FIREWALL, WEAK_FIREWALL } from "../../../adversary/experiments/firewall-variants.ts";

let r: AsaResult;
const run = (name: string): AsaRun => r.runs.find((x) => x.firewall === name)!;
const channel = (x: AsaRun, name: string) => x.channels.find((c) => c.channel === name)!;

beforeAll(async () => {
  await useFastBackend();
  // 24 uploads: an advantage of 1 is detected at p ≈ 1e-6; the weak firewall (0.1) is not, at this size.
  r = await runAsaExperiment({ seed: "asa-test", trials: 24, controlTrials: 24, variants: [REAL_FIREWALL, ...CONTROL_FIREWALLS, WEAK_FIREWALL] });
}, 300_000);

describe("ASA experiment, end to end", () => {
  it("certifies the reverse firewall: ciphertext and firewall signature at chance, device signature unpublished", () => {
    const real = run(REAL_FIREWALL.name);
    expect(real.verdict).toBe("certified");
    expect(channel(real, "ciphertext").estimate.detected).toBe(false);
    expect(channel(real, "firewall-signature").estimate.detected).toBe(false);
    expect(channel(real, "device-signature").published).toBe(false);
    expect(real.decryptsCorrectly).toBe(true);
    // the subverter did grind (it is not an honest device in disguise)
    expect(real.drawsPerUpload).toBeGreaterThan(4);
  });

  it("rejects the fixed-randomness and identity firewalls on the ciphertext channel", () => {
    for (const name of ["fixed randomness (s = 1)", "identity firewall"]) {
      const x = run(name);
      expect(x.verdict, name).toBe("rejected");
      expect(channel(x, "ciphertext").estimate.success, name).toBe(1);
      expect(x.decryptsCorrectly, name).toBe(true);
    }
  });

  it("rejects the firewall that publishes the device signature, through the signature alone", () => {
    const x = run("forwards the device signature");
    expect(x.verdict).toBe("rejected");
    expect(channel(x, "device-signature").estimate.success).toBe(1);
    expect(channel(x, "ciphertext").estimate.detected).toBe(false);
  });

  it("measures the residual channels the firewall cannot close at one bit per upload", () => {
    for (const name of ["cid", "blobhash", "blob", "blob-length", "timestamp"]) {
      const c = channel(run(REAL_FIREWALL.name), name);
      expect(c.firewallCloses, name).toBe(false);
      expect(c.estimate.success, name).toBe(1);
      expect(c.capacity.bitsPerUpload, name).toBe(1);
      // 24 of 24: the success rate's 99 % interval starts at 0.78, so capacity ≥ 1 − h(0.78) ≈ 0.24
      expect(c.capacity.ci[0], name).toBeGreaterThan(0.2);
    }
  });

  it("fails the run when a control is certified: the weak firewall is not detected at 24 uploads", () => {
    expect(run(WEAK_FIREWALL.name).verdict).toBe("certified");
    expect(r.design.powered).toBe(false);
    expect(r.ok).toBe(false);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatch(/weak firewall.*certified/);
  });

  it("fails the run when the real firewall leaks", () => {
    const leaking = { ...run("identity firewall"), control: false };
    expect(failuresOf([leaking])[0]).toMatch(/leaks on ciphertext/);
    expect(failuresOf([run(REAL_FIREWALL.name)])).toEqual([]);
  });
});
