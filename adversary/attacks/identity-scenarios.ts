// Attacks on who is who: squatting a device id with a copied device key, registering another party's
// PRE key, and front-running a record id. Proofs of possession bound to (chain, registry, account)
// and record ids derived on chain A leave the attacker nothing to take.
import { bytesToHex, type LocalAccount } from "viem";
import { auditDeployment } from "../../reference/audit/auditor.ts";
import { recordIdOf } from "../../reference/chains/record-id.ts";
import { labelledAccount } from "../../reference/chains/dev-accounts.ts";
import { checkHospitalKeys, deviceRegistration, hospitalRegistration, patientRegistration, PossessionProofError, type RegistrationPlace } from "../../reference/roles/key-registration.ts";
import { deviceKeyGen, edKeyGen, encodeDevicePublicKey, encodePrePublicKey, keccak256, preKeyGen, seededRng } from "../../reference/crypto/index.ts";
import { ROLE_CODES } from "../../reference/contracts/codes.ts";
import { attempt, describe, reverted, type Scenario } from "./scenario.ts";
import { onFreshChains, type AttackWorld } from "../../scenario/fresh-deployment.ts";
import { anchorRecord, phrFor, runsOf } from "../../scenario/share-steps.ts";

/** A funded chain-A account registered as a patient with keys of its own. */
async function registeredPatient(w: AttackWorld, label: string): Promise<LocalAccount> {
  const account = labelledAccount(`attacks/${label}`);
  await w.chains.a.fund({ to: account.address, amount: 10n ** 18n, from: w.chains.funded[3] ?? w.chains.funded[0]! });
  const pre = preKeyGen(seededRng(`attacks/${label}`));
  await w.dep.world.deployment.a.registry.send(account, "registerPatient", patientRegistration(placeA(w, account), { pre, prePublicKey: encodePrePublicKey(pre.pk) }));
  return account;
}

const placeA = (w: AttackWorld, account: LocalAccount): RegistrationPlace => ({ chainId: w.chains.a.profile.chainId, registry: w.dep.world.deployment.a.registry.address, account: account.address });

export const deviceIdSquatting: Scenario = {
  name: "device-id squatting with a copied device key",
  expected:
    "the device id is keccak256 of the device key, derived on chain A; Mallory (a registered patient) registering the victim's key with the victim's proof of possession, or with one of her own making, is refused (InvalidPossessionProof); the victim registers her device and its uploads pass the firewall",
  party: "Mallory (patient)",
  run: (ev) =>
    onFreshChains("device-squatting", async (w) => {
      const { dep } = w;
      const reg = dep.world.deployment.a.registry;
      const mallory = await registeredPatient(w, "mallory");
      const victim = dep.parties.patients[0]!;
      const device = { keys: deviceKeyGen(seededRng("attacks/device-squatting/device")) };
      // The victim's registration, as Mallory reads it from the mempool.
      const [pk, proof] = deviceRegistration(placeA(w, victim.account), device);
      const copied = await attempt(reg.send(mallory, "registerDevice", [pk, proof]));
      ev.check(reverted(copied, "InvalidPossessionProof"), `Mallory (${mallory.address}) registering the copied key and proof: ${describe(copied)}`);
      const forged = await attempt(reg.send(mallory, "registerDevice", deviceRegistration(placeA(w, mallory), { keys: { ...deviceKeyGen(seededRng("attacks/x")), pk: device.keys.pk } })));
      ev.check(reverted(forged, "InvalidPossessionProof"), `Mallory proving possession without the device's secret: ${describe(forged)}`);
      const deviceId = keccak256(encodeDevicePublicKey(device.keys.pk));
      const before = await reg.read("deviceOf", [bytesToHex(deviceId)]);
      ev.check(/^0x0{40}$/i.test(before.owner), `device id ${bytesToHex(deviceId).slice(0, 10)}… is still free`);
      const own = await attempt(reg.send(victim.account, "registerDevice", [pk, proof]));
      const after = await reg.read("deviceOf", [bytesToHex(deviceId)]);
      ev.check(own.kind === "accepted" && after.owner === victim.account.address, `the victim registers it: ${describe(own)}, owner ${after.owner}`);
      // The deployment's own device went through the same registration: its uploads pass the firewall.
      const recordId = await attempt(anchorRecord(dep, "1"));
      ev.check(recordId.kind === "accepted", `the victim's registered device uploads and HA anchors: ${describe(recordId)}`);
    }),
};

export const foreignPreKey: Scenario = {
  name: "registering another party's PRE key",
  expected:
    "a hospital registered on chain B with HB's PRE key and HB's proofs is refused by the registrar's off-chain check (PossessionProofError: Ed25519 and GT proofs) and by chain B itself (InvalidPossessionProof on the G2 half); a patient registering another patient's PRE key on chain A is refused (InvalidPossessionProof) and Eve holds no role",
  party: "HC (hospital), Eve (patient)",
  run: (ev) =>
    onFreshChains("foreign-pre-key", async (w) => {
      const { dep, chains } = w;
      const d = dep.world.deployment;
      const hc = labelledAccount("attacks/foreign-pre-key/hc");
      const hbAt: RegistrationPlace = { chainId: chains.b.profile.chainId, registry: d.b.registry.address, account: dep.parties.hb.account.address };
      const hcAt: RegistrationPlace = { ...hbAt, account: hc.address };
      // HC copies HB's registration (public on chain B) but keeps an Ed25519 key of its own.
      const hbs = hospitalRegistration(hbAt, dep.parties.hb);
      const hcEd = edKeyGen(seededRng("attacks/foreign-pre-key/hc-ed"));
      const copied = { ...hbs, ed25519Key: bytesToHex(hcEd.pk) };
      let offChain: unknown;
      try {
        checkHospitalKeys(hcAt, copied);
      } catch (e) {
        offChain = e;
      }
      ev.check(offChain instanceof PossessionProofError, `chain B's registrar checking HC's (${hc.address}) proofs: ${offChain instanceof Error ? offChain.name : "accepted"}`);
      const onChain = await attempt(d.b.registry.send(d.b.registrar, "registerHospital", [hc.address, copied, "HC"]));
      ev.check(reverted(onChain, "InvalidPossessionProof"), `chain B registering HB's PRE key for HC anyway: ${describe(onChain)}`);
      const eve = labelledAccount("attacks/foreign-pre-key/eve");
      await chains.a.fund({ to: eve.address, amount: 10n ** 18n, from: chains.funded[3] ?? chains.funded[0]! });
      const victim = dep.parties.patients[0]!;
      const stolen = await attempt(d.a.registry.send(eve, "registerPatient", patientRegistration(placeA(w, victim.account), victim)));
      ev.check(reverted(stolen, "InvalidPossessionProof"), `Eve (${eve.address}) registering the patient's PRE key with the patient's proofs: ${describe(stolen)}`);
      const role = Number((await d.a.registry.read("partyOf", [eve.address])).role);
      ev.check(role === 0, `Eve holds no role on chain A (role ${role})`);
    }),
};

export const recordIdFrontRunning: Scenario = {
  name: "record-id front-running",
  expected:
    "a second registered hospital (HX) anchoring the same upload first gets its own id, derived from its own address (it cannot choose one); HA then anchors the upload under the id chain A derives for HA, not stranded (no RecordExists, no replay refusal); HX's copy names HX as its hospital and the auditor flags its anchoring signature (bad-signature)",
  party: "HX (hospital on chain A)",
  run: (ev) =>
    onFreshChains("record-front-running", async (w) => {
      const { dep, chains } = w;
      const d = dep.world.deployment;
      const hx = labelledAccount("attacks/front-running/hx");
      await chains.a.fund({ to: hx.address, amount: 10n ** 18n, from: chains.funded[3] ?? chains.funded[0]! });
      await d.a.registry.send(d.a.registrar, "registerParty", [hx.address, ROLE_CODES.hospital]);
      const { up, sh } = runsOf("1");
      const up1 = dep.devices[0]!.upload(up, phrFor("1"), await chains.a.now());
      const up2 = await dep.firewall.filter(up, up1);
      const accepted = await dep.ha.acceptUpload(up, up2);
      // HX saw the upload (or HA's pending anchor) and anchors the same (owner, CID, device time) first.
      const patient = bytesToHex(accepted.patient);
      const cid = bytesToHex(accepted.cid);
      const front = await d.a.phrIndex.send(hx, "anchor", [cid, bytesToHex(accepted.blobHash), bytesToHex(accepted.ciphertext), patient, bytesToHex(accepted.device), accepted.timestamp, "0x"]);
      const hxId = front.events.find((e) => e.eventName === "RecordAnchored")!.args.recordId as string;
      const haId = recordIdOf(chains.a.profile.chainId, dep.parties.ha.account.address, patient, cid, accepted.timestamp);
      ev.check(hxId.toLowerCase() === recordIdOf(chains.a.profile.chainId, hx.address, patient, cid, accepted.timestamp).toLowerCase() && hxId.toLowerCase() !== haId.toLowerCase(), `HX's anchor landed under its own derived id ${hxId.slice(0, 10)}…, not HA's ${haId.slice(0, 10)}…`);
      const anchored = await attempt(dep.ha.anchor(sh, accepted));
      ev.check(anchored.kind === "accepted", `HA anchoring the upload afterwards: ${describe(anchored)}`);
      const rec = await d.a.phrIndex.read("getRecord", [haId]);
      ev.check(rec.hospital === dep.parties.ha.account.address, `record ${haId.slice(0, 10)}… is HA's (hospital ${rec.hospital})`);
      const hxRec = await d.a.phrIndex.read("getRecord", [hxId as `0x${string}`]);
      ev.check(hxRec.hospital === hx.address, `HX's copy names HX (${hxRec.hospital}) as its anchoring hospital`);
      const audit = await auditDeployment(d);
      const named = audit.findings.filter((f) => f.phase === "ANCHOR" && f.party === "HA" && f.detail.toLowerCase().includes(hxId.toLowerCase()));
      ev.check(named.length > 0, `auditor on HX's copy: ${named.map((f) => `${f.kind}: ${f.detail.slice(0, 90)}`).join("; ") || "nothing"}`);
    }),
};
