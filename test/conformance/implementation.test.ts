// The checker's view of the implementation's cryptography: each scheme verifies a genuine signature
// made the way the roles make it (reference/semantics/signing.ts), and rejects one under another key.
import { describe, expect, it } from "vitest";
import { hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { share, upload } from "../../protocol/specs/medexchain.ts";
import type { Term } from "../../protocol/terms.ts";
import { deviceKeyGen, deviceSign, edKeyGen, edSign, encodeDevicePublicKey, encodeDeviceSignature, ethKeyGen, ethSign, keccak256, blobHash } from "../../reference/crypto/index.ts";
import { implementationSemantics as sem } from "../../conformance/implementation.ts";
import { fieldTerm } from "../../reference/semantics/spec-terms.ts";
import { payloadOf } from "../../reference/wire/binding.ts";
import { show } from "../../protocol/terms.ts";

/** Every leaf a fixed, distinct value, as a run's values would be. */
const leaf = (t: Term): Uint8Array => keccak256(utf8ToBytes(show(t)));
const sign = (label: string, field: string, spec = share) => {
  const t = fieldTerm(spec, label, field);
  if (t.kind !== "sign") throw new Error("not a signature");
  return t;
};

describe("implementation semantics", () => {
  it("verifies Ed25519 (chain B) signatures under the signer's key only", () => {
    const t = sign("rq1", "sig_HB");
    const me = edKeyGen();
    const sig = edSign(me.sk, payloadOf(t, leaf));
    expect(sem.verifySignature(t, sig, me.pk, leaf)).toBe(true);
    expect(sem.verifySignature(t, sig, edKeyGen().pk, leaf)).toBe(false);
    expect(sem.verifySignature(t, sig.slice(1), me.pk, leaf)).toBe(false);
  });

  it("verifies secp256k1 (chain A) signatures against a registered address or public key", () => {
    const t = sign("gr1", "sig_P");
    const me = ethKeyGen();
    const sig = ethSign(me.sk, keccak256(payloadOf(t, leaf)));
    expect(sem.verifySignature(t, sig, hexToBytes(me.address.slice(2)), leaf)).toBe(true);
    expect(sem.verifySignature(t, sig, me.publicKey, leaf)).toBe(true);
    expect(sem.verifySignature(t, sig, ethKeyGen().publicKey, leaf)).toBe(false);
    expect(sem.verifySignature(t, new Uint8Array(65), me.publicKey, leaf)).toBe(false);
  });

  it("verifies the device's BLS signatures", () => {
    const t = sign("up1", "sig_D", upload);
    const me = deviceKeyGen();
    const sig = encodeDeviceSignature(deviceSign(me.sk, payloadOf(t, leaf)));
    expect(sem.verifySignature(t, sig, encodeDevicePublicKey(me.pk), leaf)).toBe(true);
    expect(sem.verifySignature(t, sig, encodeDevicePublicKey(deviceKeyGen().pk), leaf)).toBe(false);
  });

  it("leaves committee proofs to the chains (not verifiable from message values)", () => {
    expect(sem.verifySignature(sign("dl1", "sig_R"), new Uint8Array(65), new Uint8Array(20), leaf)).toBeUndefined();
  });

  it("computes the roles' one-way functions, and says which it cannot", () => {
    const h = fieldTerm(share, "an1", "blobhash");
    if (h.kind !== "hash") throw new Error("not a hash");
    const blob = leaf(h.items[0]!);
    expect(sem.hashValue(h, leaf)).toEqual(blobHash(blob));
    const relay = { kind: "hash", fn: "relay", items: [] } as const;
    expect(sem.hashValue(relay, leaf)).toBeUndefined();
    expect(sem.constantValue({ kind: "atom", name: "chainA", sort: "ChainId", origin: "const" })).toBeUndefined();
  });
});
