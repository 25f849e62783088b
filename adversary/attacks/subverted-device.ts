// A subverted IoMT device (algorithm-substitution attack) without and with the reverse firewall,
// measured by the ASA experiment (adversary/experiments/asa.ts, the same re-randomisation the
// firewall role applies), and the firewall role shown re-randomising a real upload it forwards.
import { upload } from "../../protocol/specs/medexchain.ts";
import { decodeSecondLevelCiphertext, encodeG1, gtEq, preDecrypt2 } from "../../reference/crypto/index.ts";
import { runAsaExperiment, type AsaResult } from "../experiments/asa.ts";
import { decodeMessage, messageOf } from "../../reference/wire/codec.ts";
import type { Scenario } from "./scenario.ts";
import { onFreshChains } from "../../scenario/fresh-deployment.ts";
import { phrFor, runsOf } from "../../scenario/share-steps.ts";

/** Uploads observed: one leaked key bit each, 256 to cover the device's whole BLS key once. */
export const ASA_TRIALS = 256;

let cached: AsaResult | undefined;
function asa(): AsaResult {
  cached ??= runAsaExperiment({ trials: ASA_TRIALS, seed: "MedExChain/attacks/asa", residualTrials: 16 });
  return cached;
}

export const subvertedWithoutFirewall: Scenario = {
  name: "subverted device without the reverse firewall",
  expected: "the attack works, which is why the firewall is there: the subverter reads the leaked bit off every ciphertext, reassembles the device's signing key, and no functionality test notices (every ciphertext decrypts)",
  party: "D (subverted)",
  run: async (ev) => {
    const r = asa();
    ev.check(r.withoutCrf.success > 0.99, `bits read off ${r.trials} uploads: ${(r.withoutCrf.success * 100).toFixed(1)}% right`);
    ev.check(r.withoutCrf.keyRecovered, `device key ${r.withoutCrf.keyRecovered ? "recovered" : "not recovered"}`);
    ev.check(r.decryptsCorrectly, "every subverted ciphertext still decrypts to its plaintext");
  },
};

export const subvertedWithFirewall: Scenario = {
  name: "subverted device with the reverse firewall",
  expected: "re-randomisation closes the channel: the subverter's guesses are at chance (advantage within the 99% noise bound), the key is not recovered, and the firewall role forwards a ciphertext with fresh randomness that still decrypts to the device's data key",
  party: "D (subverted)",
  run: async (ev) => {
    const r = asa();
    ev.check(r.withCrf.advantage <= r.withCrf.noise99, `advantage ${r.withCrf.advantage.toFixed(3)} ≤ noise bound ${r.withCrf.noise99.toFixed(3)} over ${r.trials} uploads`);
    ev.check(!r.withCrf.keyRecovered, `device key ${r.withCrf.keyRecovered ? "recovered" : "not recovered"}`);
    ev.note(`residual plaintext-grinding channel the firewall cannot close: success ${(r.residual.withCrf.success * 100).toFixed(0)}% over ${r.residual.trials} uploads (docs/crypto.md)`);
    await onFreshChains("subverted-device", async ({ dep, chains }) => {
      const { up } = runsOf("1");
      const up1 = dep.devices[0]!.upload(up, phrFor("1"), await chains.a.now());
      const up2 = await dep.firewall.filter(up, up1);
      const sent = decodeSecondLevelCiphertext(decodeMessage(messageOf(upload, "up1"), up1)["pre_P"]!);
      const forwarded = decodeSecondLevelCiphertext(decodeMessage(messageOf(upload, "up2"), up2)["rr_pre_P"]!);
      const c1Differs = Buffer.compare(Buffer.from(encodeG1(sent.c1)), Buffer.from(encodeG1(forwarded.c1))) !== 0;
      ev.check(c1Differs, "the firewall role forwards fresh randomness (c1 differs from the device's)");
      const sk = dep.parties.patients[0]!.pre.sk;
      ev.check(gtEq(preDecrypt2(sk, sent), preDecrypt2(sk, forwarded)), "and the same data key (the patient decrypts both to one m)");
    });
  },
};
