import { describe, expect, it } from "vitest";
import * as C from "../../../reference/crypto/index.ts";

const rng = C.seededRng("crf");
const owner = C.preKeyGen(rng);
const device = C.deviceKeyGen(rng);
const statement = new TextEncoder().encode("record rec-1, cid bafy..., kc ...");
const signature = C.deviceSign(device.sk, statement);
const { ct, m } = C.preEncrypt(owner.pk, undefined, rng);
const firewall = new C.ReverseFirewall(owner.pk, device.pk);

describe("reverse firewall", () => {
  it("forwards a valid upload with a re-randomised ciphertext of the same plaintext and the signature unchanged", () => {
    const out = firewall.filter({ ciphertext: ct, statement, signature }, C.seededRng("fw"));
    expect(out.ciphertext.c1.equals(ct.c1)).toBe(false);
    expect(C.gtEq(out.ciphertext.c2, ct.c2)).toBe(false);
    expect(C.gtEq(C.preDecrypt2(owner.sk, out.ciphertext), m)).toBe(true);
    expect(out.signature.equals(signature)).toBe(true);
    expect(out.statement).toEqual(statement);
  });

  it("gives different outputs for the same input (fresh randomness each time)", () => {
    const a = firewall.filter({ ciphertext: ct, statement, signature });
    const b = firewall.filter({ ciphertext: ct, statement, signature });
    expect(a.ciphertext.c1.equals(b.ciphertext.c1)).toBe(false);
  });

  it("drops uploads whose signature does not verify", () => {
    expect(() => firewall.filter({ ciphertext: ct, statement: new Uint8Array([1]), signature })).toThrow(C.SignatureError);
    const other = C.deviceKeyGen(C.seededRng("rogue"));
    expect(() => firewall.filter({ ciphertext: ct, statement, signature: C.deviceSign(other.sk, statement) })).toThrow(C.SignatureError);
  });

  it("works on wire bytes and refuses malformed ones with typed errors", () => {
    const encoded = {
      ciphertext: C.encodeSecondLevelCiphertext(ct),
      statement,
      signature: C.encodeDeviceSignature(signature),
    };
    const out = firewall.filterEncoded(encoded);
    expect(out.ciphertext.length).toBe(C.SIZES.secondLevelCiphertext);
    expect(out.signature).toEqual(encoded.signature);
    expect(C.gtEq(C.preDecrypt2(owner.sk, C.decodeSecondLevelCiphertext(out.ciphertext)), m)).toBe(true);
    expect(() => firewall.filterEncoded({ ...encoded, ciphertext: encoded.ciphertext.subarray(1) })).toThrow(C.LengthError);
    const badSig = encoded.signature.slice();
    badSig[10] ^= 1;
    expect(() => firewall.filterEncoded({ ...encoded, signature: badSig })).toThrow(C.CryptoError);
  });
});

describe("key-generation firewall", () => {
  it("re-randomises the device key; the device signs with sk·δ and the new key verifies, the old does not", () => {
    const { pk, delta } = C.rerandomiseDeviceKey(device.pk, C.seededRng("delta"));
    expect(pk.equals(device.pk)).toBe(false);
    const sk2 = C.applyDeviceKeyShare(device.sk, delta);
    const sig2 = C.deviceSign(sk2, statement);
    expect(C.deviceVerify(pk, statement, sig2)).toBe(true);
    expect(C.deviceVerify(device.pk, statement, sig2)).toBe(false);
    expect(C.deviceVerify(pk, statement, signature)).toBe(false);
  });
});
