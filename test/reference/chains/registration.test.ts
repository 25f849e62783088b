// Registration with proof of possession, checked on chain (G2 keys, EIP-2537 MSM) and off chain (the
// GT half of PRE keys, Ed25519 keys): a key copied from someone else's registration is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytesToHex, keccak256, type Hex, type LocalAccount } from "viem";
import { deployed, expectRevert, flipByte, type Deployed } from "./fixture.ts";
import { labelledAccount } from "../../../reference/chains/dev-accounts.ts";
import { deviceKeyGen, edKeyGen, encodeDevicePublicKey, encodeG2Eip2537, encodePrePublicKey, preKeyGen, seededRng, verifyG2Possession, POSSESSION_PURPOSE } from "../../../reference/crypto/index.ts";
import { checkHospitalKeys, deviceRegistration, hospitalRegistration, patientRegistration, possessionContext, PossessionProofError, type RegistrationPlace } from "../../../reference/roles/key-registration.ts";

let env: Deployed;
const rng = seededRng("test/registration");
let alice: LocalAccount;
let mallory: LocalAccount;
const at = (account: LocalAccount, chain: "a" | "b" = "a"): RegistrationPlace => ({
  chainId: chain === "a" ? env.chains.a.profile.chainId : env.chains.b.profile.chainId,
  registry: chain === "a" ? env.d.a.registry.address : env.d.b.registry.address,
  account: account.address,
});
const patientKeys = () => {
  const pre = preKeyGen(rng);
  return { pre, prePublicKey: encodePrePublicKey(pre.pk) };
};

beforeAll(async () => {
  env = await deployed();
  alice = labelledAccount("registration/alice");
  mallory = labelledAccount("registration/mallory");
  const from = env.chains.funded[1] ?? env.chains.funded[0]!;
  for (const a of [alice, mallory]) await env.chains.a.fund({ to: a.address, amount: 10n ** 18n, from });
  await env.d.a.registry.send(alice, "registerPatient", patientRegistration(at(alice), patientKeys(), rng));
  await env.d.a.registry.send(mallory, "registerPatient", patientRegistration(at(mallory), patientKeys(), rng));
});
afterAll(async () => {
  await env.chains.close();
});

describe("devices", () => {
  it("derives the device id from the key on chain and stores the key compressed exactly as the roles encode it", async () => {
    const device = { keys: deviceKeyGen(rng) };
    const tx = await env.d.a.registry.send(alice, "registerDevice", deviceRegistration(at(alice), device, rng));
    const compressed = encodeDevicePublicKey(device.keys.pk);
    const ev = tx.events.find((e) => e.eventName === "DeviceRegistered")!;
    expect(ev.args.deviceId).toBe(keccak256(compressed));
    expect(ev.args.sigKey).toBe(bytesToHex(compressed));
    expect((await env.d.a.registry.read("deviceOf", [keccak256(compressed)])).owner).toBe(alice.address);
    await expectRevert(env.d.a.registry.send(alice, "registerDevice", deviceRegistration(at(alice), device, rng)), "DeviceAlreadyRegistered");
  });

  it("compresses both signs of y as noble does", async () => {
    // Many keys: about half have the "larger" y, so both branches of the on-chain compression run.
    for (let i = 0; i < 6; i++) {
      const device = { keys: deviceKeyGen(rng) };
      const tx = await env.d.a.registry.send(alice, "registerDevice", deviceRegistration(at(alice), device, rng));
      expect(tx.events.find((e) => e.eventName === "DeviceRegistered")!.args.sigKey).toBe(bytesToHex(encodeDevicePublicKey(device.keys.pk)));
    }
  });

  it("refuses a device key copied from another patient's registration (device-id squatting)", async () => {
    const device = { keys: deviceKeyGen(rng) };
    const [pk, proof] = deviceRegistration(at(alice), device, rng);
    // Mallory front-runs with Alice's key and Alice's proof: the proof is bound to Alice's account.
    await expectRevert(env.d.a.registry.send(mallory, "registerDevice", [pk, proof]), "InvalidPossessionProof");
    await expectRevert(env.d.a.registry.send(alice, "registerDevice", [pk, flipByte(proof, 40)]), "InvalidPossessionProof");
    await env.d.a.registry.send(alice, "registerDevice", [pk, proof]);
  });

  it("refuses a proof made for another chain, a point not on the curve, and a caller that is not a patient", async () => {
    const device = { keys: deviceKeyGen(rng) };
    const other = { ...at(alice), chainId: 1 };
    await expectRevert(env.d.a.registry.send(alice, "registerDevice", deviceRegistration(other, device, rng)), "InvalidPossessionProof");
    const [pk, proof] = deviceRegistration(at(alice), device, rng);
    await expectRevert(env.d.a.registry.send(alice, "registerDevice", [flipByte(pk, 255), proof]), "PrecompileFailed");
    await expectRevert(env.d.a.registry.send(env.d.a.registrar, "registerDevice", [pk, proof]), "NotRegisteredPatient");
  });
});

describe("PRE keys", () => {
  it("refuses another patient's PRE key, in whole or by its GT half, and a G2 half that is not the key's", async () => {
    const keys = patientKeys();
    const bob = labelledAccount("registration/bob");
    await env.chains.a.fund({ to: bob.address, amount: 10n ** 18n, from: env.chains.funded[1] ?? env.chains.funded[0]! });
    const bobs = patientRegistration(at(bob), keys, rng);
    const eve = labelledAccount("registration/eve");
    await env.chains.a.fund({ to: eve.address, amount: 10n ** 18n, from: env.chains.funded[1] ?? env.chains.funded[0]! });
    await expectRevert(env.d.a.registry.send(eve, "registerPatient", bobs), "InvalidPossessionProof");
    const [preKey, g2, proof, gt] = bobs;
    const otherG2 = bytesToHex(encodeG2Eip2537(preKeyGen(rng).pk.g2a2));
    await expectRevert(env.d.a.registry.send(bob, "registerPatient", [preKey, otherG2, proof, gt]), "KeyComponentMismatch");
    await env.d.a.registry.send(bob, "registerPatient", bobs);
    // Eve keeps Bob's Z^a1 (what devices encrypt to) and proves her own a2: the GT half is already bound.
    const mine = preKeyGen(rng);
    const spliced = { pre: { sk: { a1: keys.pre.sk.a1, a2: mine.sk.a2 }, pk: { z1: keys.pre.pk.z1, g2a2: mine.pk.g2a2 } }, prePublicKey: new Uint8Array() as Uint8Array };
    spliced.prePublicKey = encodePrePublicKey(spliced.pre.pk);
    await expectRevert(env.d.a.registry.send(eve, "registerPatient", patientRegistration(at(eve), spliced, rng)), "KeyAlreadyBound");
  });

  it("chain B registers a hospital only with its own PRE key's proof; the registrar checks the Ed25519 and GT proofs off chain", async () => {
    const hb = { id: new Uint8Array() as Uint8Array, ed: edKeyGen(rng), pre: preKeyGen(rng), prePublicKey: new Uint8Array() as Uint8Array };
    hb.id = hb.ed.pk;
    hb.prePublicKey = encodePrePublicKey(hb.pre.pk);
    const hbAccount = labelledAccount("registration/hb");
    const hcAccount = labelledAccount("registration/hc");
    const k = hospitalRegistration(at(hbAccount, "b"), hb, rng);
    checkHospitalKeys(at(hbAccount, "b"), k);
    // The same keys and proofs for another account: the chain refuses the PRE key, the registrar the rest.
    expect(() => checkHospitalKeys(at(hcAccount, "b"), k)).toThrow(PossessionProofError);
    const hc = { ...hb, ed: edKeyGen(rng) };
    hc.id = hc.ed.pk;
    const copied = { ...hospitalRegistration(at(hcAccount, "b"), hc, rng), preKey: k.preKey, g2b2: k.g2b2, possession: k.possession };
    await expectRevert(env.d.b.registry.send(env.d.b.registrar, "registerHospital", [hcAccount.address, copied, "HC"]), "InvalidPossessionProof");
    expect(() => checkHospitalKeys(at(hcAccount, "b"), { ...k, ed25519Possession: flipByte(k.ed25519Possession, 1) })).toThrow(PossessionProofError);
    await env.d.b.registry.send(env.d.b.registrar, "registerHospital", [hbAccount.address, k, "HB"]);
    await expectRevert(env.d.b.registry.send(env.d.b.registrar, "registerHospital", [hcAccount.address, { ...k, ed25519Key: bytesToHex(hc.id) as Hex }, "HC"]), "InvalidPossessionProof");
  });
});

describe("the possession proof off chain", () => {
  it("verifies for its own context only", () => {
    const x = deviceKeyGen(rng);
    const ctx = possessionContext({ chainId: 7001, registry: env.d.a.registry.address, account: alice.address }, POSSESSION_PURPOSE.device);
    const proof = deviceRegistration({ chainId: 7001, registry: env.d.a.registry.address, account: alice.address }, { keys: x }, rng)[1];
    const bytes = Uint8Array.from(Buffer.from(proof.slice(2), "hex"));
    expect(verifyG2Possession(x.pk, ctx, bytes)).toBe(true);
    const other = possessionContext({ chainId: 7001, registry: env.d.a.registry.address, account: mallory.address }, POSSESSION_PURPOSE.device);
    expect(verifyG2Possession(x.pk, other, bytes)).toBe(false);
    expect(verifyG2Possession(deviceKeyGen(rng).pk, ctx, bytes)).toBe(false);
  });
});
