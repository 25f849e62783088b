import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { g1, G1, G2 } from "../../../reference/crypto/bls12.ts";
import { gtEq, gtMul, gtPow } from "../../../reference/crypto/gt.ts";
import {
  PreEncryptor,
  preDecrypt1,
  preDecrypt2,
  preEncrypt,
  preKeyGen,
  preRandomMessage,
  preReEncrypt,
  preReKey,
  preSetup,
  type PreKeyPair,
  type SecondLevelCiphertext,
} from "../../../reference/crypto/pre.ts";
import { rerandomise } from "../../../reference/crypto/crf.ts";
import { seededRng } from "../../../reference/crypto/rng.ts";
import {
  decodeDelegateeKey,
  decodeSecondLevelCiphertext,
  encodeFirstLevelCiphertext,
  encodePrePublicKey,
} from "../../../reference/crypto/pre-encoding.ts";
import { randomExponent } from "../../../reference/crypto/scalar.ts";
import { encodeG2 } from "../../../reference/crypto/points.ts";
import { decodePossessionProof, encodePossessionProof, provePossession, verifyPossession } from "../../../reference/crypto/pre-possession.ts";
import { CryptoError, LengthError, PointEncodingError } from "../../../reference/crypto/errors.ts";

const seed = fc.uint8Array({ minLength: 16, maxLength: 16 });

/** Two parties and an encryptor with a small table (fast to build for throwaway keys). */
function world(s: Uint8Array) {
  const rng = seededRng(s);
  const owner = preKeyGen(rng);
  const delegatee = preKeyGen(rng);
  return { rng, owner, delegatee, enc: new PreEncryptor(owner.pk, 4) };
}

describe("PRE correctness", () => {
  it("public parameters are Z = e(g1, g2)", () => {
    const { g1: a, g2: b, Z } = preSetup();
    expect(a.equals(G1.BASE) && b.equals(G2.BASE)).toBe(true);
    expect(gtEq(Z, preSetup().Z)).toBe(true);
  });

  it("second-level decryption inverts encryption", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const { rng, owner, enc } = world(s);
        const { ct, m } = enc.encrypt(undefined, rng);
        return gtEq(preDecrypt2(owner.sk, ct), m);
      }),
      { numRuns: 8 },
    );
  });

  it("first-level decryption inverts re-encryption, and re-keys accept an encoded delegatee key", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const { rng, owner, delegatee, enc } = world(s);
        const { ct, m } = enc.encrypt(undefined, rng);
        const full = preReKey(owner.sk, decodeDelegateeKey(encodePrePublicKey(delegatee.pk)));
        const g2Only = preReKey(owner.sk, decodeDelegateeKey(encodeG2(delegatee.pk.g2a2)));
        const fromBytes = preReKey(owner.sk, encodePrePublicKey(delegatee.pk));
        expect(full.rk.equals(g2Only.rk) && full.rk.equals(fromBytes.rk)).toBe(true);
        return gtEq(preDecrypt1(delegatee.sk, preReEncrypt(full, ct)), m);
      }),
      { numRuns: 6 },
    );
  });

  it("re-randomisation and re-encryption commute and preserve the plaintext", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const { rng, owner, delegatee, enc } = world(s);
        const { ct, m } = enc.encrypt(undefined, rng);
        const rk = preReKey(owner.sk, delegatee.pk.g2a2);
        const sRng = seededRng(s.map((b) => b ^ 0x5a));
        const rr = rerandomise(ct, enc, sRng);
        expect(rr.c1.equals(ct.c1)).toBe(false);
        expect(gtEq(preDecrypt2(owner.sk, rr), m)).toBe(true);
        // rerandomise-then-reencrypt decrypts like reencrypt alone
        const a = preDecrypt1(delegatee.sk, preReEncrypt(rk, rr));
        const b = preDecrypt1(delegatee.sk, preReEncrypt(rk, ct));
        return gtEq(a, m) && gtEq(b, m);
      }),
      { numRuns: 5 },
    );
  });

  it("re-randomisation equals a fresh encryption with randomness r + s", () => {
    const { owner, enc } = world(new Uint8Array(16));
    const m = preRandomMessage(seededRng("m"));
    const r = 424242n;
    const ct = enc.encryptWith(m, r);
    const sRng = seededRng("s");
    const s = randomExponent(seededRng("s"));
    const rr = rerandomise(ct, enc, sRng);
    const fresh = enc.encryptWith(m, r + s);
    expect(rr.c1.equals(fresh.c1)).toBe(true);
    expect(gtEq(rr.c2, fresh.c2)).toBe(true);
    expect(gtEq(preDecrypt2(owner.sk, rr), m)).toBe(true);
  });

  it("encrypts a caller-chosen message and the cached encryptor agrees with a fresh one", () => {
    const kp = preKeyGen(seededRng("cached"));
    const m = gtPow(preSetup().Z, 5n);
    const a = preEncrypt(kp.pk, m, seededRng("r"));
    const b = new PreEncryptor(kp.pk, 6).encrypt(m, seededRng("r"));
    expect(a.ct.c1.equals(b.ct.c1) && gtEq(a.ct.c2, b.ct.c2)).toBe(true);
    expect(gtEq(preDecrypt2(kp.sk, a.ct), m)).toBe(true);
  });
});

describe("PRE failure cases", () => {
  const w = world(new Uint8Array(16).fill(7));
  const other: PreKeyPair = preKeyGen(seededRng("other"));
  const { ct, m } = w.enc.encrypt(undefined, seededRng("fixed"));
  const rk = preReKey(w.owner.sk, w.delegatee.pk.g2a2);
  const ct1 = preReEncrypt(rk, ct);

  it("a wrong key never yields the plaintext at either level", () => {
    expect(gtEq(preDecrypt2(other.sk, ct), m)).toBe(false);
    expect(gtEq(preDecrypt2(w.delegatee.sk, ct), m)).toBe(false);
    expect(gtEq(preDecrypt1(other.sk, ct1), m)).toBe(false);
    expect(gtEq(preDecrypt1(w.owner.sk, ct1), m)).toBe(false);
    // a re-key made for someone else does not open for the delegatee
    const wrongRk = preReKey(w.owner.sk, other.pk.g2a2);
    expect(gtEq(preDecrypt1(w.delegatee.sk, preReEncrypt(wrongRk, ct)), m)).toBe(false);
  });

  it("a tampered ciphertext never yields the plaintext", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n, max: 1n << 200n }), (k) => {
        const tampered1: SecondLevelCiphertext = { level: 2, c1: ct.c1.add(g1.multiply(k)), c2: ct.c2 };
        const tampered2: SecondLevelCiphertext = { level: 2, c1: ct.c1, c2: gtMul(ct.c2, gtPow(preSetup().Z, k)) };
        return !gtEq(preDecrypt2(w.owner.sk, tampered1), m) && !gtEq(preDecrypt2(w.owner.sk, tampered2), m);
      }),
      { numRuns: 4 },
    );
  });

  it("refuses the identity as a delegation target", () => {
    expect(() => preReKey(w.owner.sk, G2.ZERO)).toThrow(PointEncodingError);
    expect(() => preReKey(w.owner.sk, new Uint8Array(96))).toThrow(PointEncodingError);
    expect(() => preReKey(w.owner.sk, new Uint8Array(100))).toThrow(LengthError);
  });

  it("is single-hop: a first-level ciphertext cannot be fed back to the proxy as a second-level one", () => {
    const bytes = encodeFirstLevelCiphertext(ct1);
    expect(() => decodeSecondLevelCiphertext(bytes)).toThrow(LengthError);
    expect(() => decodeSecondLevelCiphertext(bytes.subarray(0, 336))).toThrow(CryptoError);
  });
});

describe("proof of possession", () => {
  const kp = preKeyGen(seededRng("pop"));
  const id = new TextEncoder().encode("chainB:hospital-b");

  it("verifies for the right key and identity only", () => {
    const proof = provePossession(kp.sk, kp.pk, id, seededRng("k"));
    expect(verifyPossession(kp.pk, id, proof)).toBe(true);
    expect(verifyPossession(kp.pk, new TextEncoder().encode("chainB:mallory"), proof)).toBe(false);
    const other = preKeyGen(seededRng("pop2"));
    expect(verifyPossession(other.pk, id, proof)).toBe(false);
    // someone who copies another party's G2 key cannot prove possession of it
    const copied = { z1: other.pk.z1, g2a2: kp.pk.g2a2 };
    expect(verifyPossession(copied, id, provePossession(other.sk, copied, id))).toBe(false);
    expect(verifyPossession(kp.pk, id, { ...proof, s1: proof.s1 ^ 1n })).toBe(false);
    expect(verifyPossession(kp.pk, id, decodePossessionProof(encodePossessionProof(proof)))).toBe(true);
  });
});


describe("online/offline encryption", () => {
  it("uses each precomputed triple once and still decrypts correctly", () => {
    const kp = preKeyGen(seededRng("pool"));
    const enc = new PreEncryptor(kp.pk, 4);
    enc.precompute(2, seededRng("offline"));
    expect(enc.pooled).toBe(2);
    const a = enc.encrypt();
    const chosen = preRandomMessage(seededRng("chosen"));
    const b = enc.encrypt(chosen);
    expect(enc.pooled).toBe(0);
    expect(a.ct.c1.equals(b.ct.c1)).toBe(false);
    expect(gtEq(preDecrypt2(kp.sk, a.ct), a.m)).toBe(true);
    expect(gtEq(b.m, chosen)).toBe(true);
    expect(gtEq(preDecrypt2(kp.sk, b.ct), chosen)).toBe(true);
    // pool exhausted: falls back to online encryption
    const c = enc.encrypt(undefined, seededRng("online"));
    expect(gtEq(preDecrypt2(kp.sk, c.ct), c.m)).toBe(true);
  });
});
