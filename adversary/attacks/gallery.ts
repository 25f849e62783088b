// The attack gallery: every scenario of issue 8, each on fresh embedded chains, each judged against
// the outcome it states. `medexchain attacks` runs it and writes out/attacks/report.json.
import { Evidence, type Scenario, type ScenarioResult } from "./scenario.ts";
import { grantForAnotherRequester, replayedGrant, replayedRequest } from "./replay-scenarios.ts";
import { swappedBlob, swappedCid, tamperedPreCiphertext } from "./tampering-scenarios.ts";
import { alteredReEncryption, droppedDelivery } from "./relay-misbehaviour.ts";
import { insiderRewrite } from "./insider-scenario.ts";
import { subvertedWithFirewall, subvertedWithoutFirewall } from "./subverted-device.ts";
import { unregisteredHospital } from "./unregistered-hospital.ts";
import { minorityDeliversBogusReEncryption, minorityLogsBogusReEncryption } from "./minority-committee.ts";
import { deviceIdSquatting, foreignPreKey, recordIdFrontRunning } from "./identity-scenarios.ts";
import { RECORD_BINDING_SCENARIOS } from "./record-binding.ts";
import { collusiveWrongEvent, tooFewSignatures, unknownMember, wrongEvent, wrongSourceChain } from "./proof-forgeries.ts";

/** Every scenario, in the order the report lists them. */
export const SCENARIOS: readonly Scenario[] = [
  replayedRequest,
  replayedGrant,
  grantForAnotherRequester,
  tooFewSignatures,
  unknownMember,
  wrongSourceChain,
  wrongEvent,
  collusiveWrongEvent,
  tamperedPreCiphertext,
  swappedCid,
  swappedBlob,
  alteredReEncryption,
  droppedDelivery,
  insiderRewrite,
  subvertedWithoutFirewall,
  subvertedWithFirewall,
  unregisteredHospital,
  minorityLogsBogusReEncryption,
  minorityDeliversBogusReEncryption,
  deviceIdSquatting,
  foreignPreKey,
  recordIdFrontRunning,
  ...RECORD_BINDING_SCENARIOS,
];

/** The gallery's report. */
export interface GalleryReport {
  held: boolean;
  scenarios: ScenarioResult[];
}

/** Run one scenario; an unexpected (untyped) error makes it not hold, with the error as the observation. */
export async function runScenario(s: Scenario): Promise<ScenarioResult> {
  const ev = new Evidence();
  try {
    await s.run(ev);
  } catch (e) {
    ev.check(false, `the scenario itself failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  return { name: s.name, expected: s.expected, observed: ev.observed, held: ev.held, party: s.party };
}

/** Run the scenarios (all, or those whose names contain `only`) one after another. */
export async function runGallery(opts: { only?: string; onResult?: (r: ScenarioResult) => void } = {}): Promise<GalleryReport> {
  const chosen = SCENARIOS.filter((s) => !opts.only || s.name.includes(opts.only));
  const scenarios: ScenarioResult[] = [];
  for (const s of chosen) {
    const r = await runScenario(s);
    opts.onResult?.(r);
    scenarios.push(r);
  }
  return { held: scenarios.length > 0 && scenarios.every((r) => r.held), scenarios };
}
