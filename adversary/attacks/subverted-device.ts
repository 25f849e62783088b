// A subverted IoMT device (algorithm-substitution attack) in the real upload path, against a firewall
// that forwards its ciphertext unchanged and against the reverse firewall role, measured by the ASA
// experiment's runner (adversary/experiments/asa.ts) on a fresh deployment.
import { runAgainstFirewall, type AsaRun } from "../experiments/asa.ts";
import { CONTROL_FIREWALLS, REAL_FIREWALL } from "../experiments/firewall-variants.ts";
import type { Scenario } from "./scenario.ts";
import { onFreshChains } from "../../scenario/fresh-deployment.ts";

/** Uploads per firewall: enough to decide an advantage of 1 (p < 1e-9); the full experiment is `medexchain experiment asa`. */
export const ASA_TRIALS = 32;
const SEED = "MedExChain/attacks/asa";

let cached: Promise<{ identity: AsaRun; real: AsaRun }> | undefined;
function asa(): Promise<{ identity: AsaRun; real: AsaRun }> {
  cached ??= onFreshChains("subverted-device", async ({ dep }) => ({
    identity: await runAgainstFirewall(dep, CONTROL_FIREWALLS.find((f) => f.name === "identity firewall")!, ASA_TRIALS, SEED),
    real: await runAgainstFirewall(dep, REAL_FIREWALL, ASA_TRIALS, SEED),
  }));
  return cached;
}

const channel = (r: AsaRun, name: string) => r.channels.find((c) => c.channel === name)!;

export const subvertedWithoutFirewall: Scenario = {
  name: "subverted device without the reverse firewall",
  expected: "the attack works, which is why the firewall is there: behind a firewall that forwards its ciphertext unchanged, the subverter reads the leaked bit off every anchored ciphertext, and no functionality test notices (every ciphertext decrypts)",
  party: "D (subverted)",
  run: async (ev) => {
    const r = (await asa()).identity;
    const c = channel(r, "ciphertext");
    ev.check(c.estimate.success === 1, `bits read off ${r.trials} anchored ciphertexts: ${(c.estimate.success * 100).toFixed(1)}% right`);
    ev.check(r.verdict === "rejected", `the experiment rejects this firewall (p = ${c.estimate.pValue.toExponential(1)})`);
    ev.check(r.decryptsCorrectly, "every subverted ciphertext still decrypts and opens its blob");
  },
};

export const subvertedWithFirewall: Scenario = {
  name: "subverted device with the reverse firewall",
  expected: "re-randomisation closes the ciphertext channel: the adaptive subverter's reading of the anchored ciphertext is at chance (no advantage at α = 0.01), the firewall's own signature carries nothing, and the ciphertexts still decrypt; the residual channels the firewall cannot close (blob/CID, timestamp, length) are measured and reported",
  party: "D (subverted)",
  run: async (ev) => {
    const r = (await asa()).real;
    for (const name of ["ciphertext", "firewall-signature"]) {
      const c = channel(r, name);
      ev.check(!c.estimate.detected, `${name}: success ${c.estimate.success.toFixed(3)} over ${r.trials} uploads, p = ${c.estimate.pValue.toFixed(3)} (not significant at 0.01)`);
    }
    ev.check(r.decryptsCorrectly, "the forwarded ciphertexts decrypt to the device's data key");
    const residual = r.channels.filter((c) => !c.firewallCloses).map((c) => `${c.channel} ${c.capacity.bitsPerUpload.toFixed(2)}`);
    ev.note(`residual channels the firewall cannot close (bits per upload): ${residual.join(", ")} — docs/crypto.md, "Residual channels"`);
  },
};
