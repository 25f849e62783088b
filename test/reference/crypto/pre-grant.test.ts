// The record-bound grant (reference/crypto/pre-grant.ts): it opens the one ciphertext it was made
// for, to the one delegatee it was made for, and nothing else; the pre-fix per-patient re-key lets
// its delegatee extract the owner's capability for every record (the attack issue 15 reports).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as C from "../../../reference/crypto/index.ts";
import { gtPow } from "../../../reference/crypto/gt.ts";
import { pairingBackend } from "../../../reference/crypto/backend.ts";

const seed = fc.uint8Array({ minLength: 16, maxLength: 16 });

/** An owner with two records, a delegatee and an outsider, with a small table (fast for throwaway keys). */
function world(s: Uint8Array) {
  const rng = C.seededRng(s);
  const owner = C.preKeyGen(rng);
  const hb = C.preKeyGen(rng);
  const other = C.preKeyGen(rng);
  const enc = new C.PreEncryptor(owner.pk, 4);
  const r1 = enc.encrypt(undefined, rng);
  const r2 = enc.encrypt(undefined, rng);
  return { rng, owner, hb, other, r1, r2 };
}

describe(`record-bound grant (${pairingBackend().name})`, () => {
  it("re-encrypts the granted ciphertext to the delegatee, who decrypts it with the first-level decryption", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const { rng, owner, hb, r1 } = world(s);
        const grant = C.preGrantKey(owner.sk, r1.ct, hb.pk.g2a2, rng);
        const fromKeyBytes = C.preGrantKey(owner.sk, r1.ct, C.encodePrePublicKey(hb.pk), C.seededRng(s));
        expect(C.gtEq(C.preDecrypt1(hb.sk, C.preReEncryptRecord(fromKeyBytes, r1.ct)), r1.m)).toBe(true);
        const ct1 = C.preReEncryptRecord(C.decodeRecordGrant(C.encodeRecordGrant(grant)), r1.ct);
        return C.gtEq(C.preDecrypt1(hb.sk, ct1), r1.m);
      }),
      { numRuns: 5 },
    );
  });

  it("survives the firewall's re-randomisation only if the grant is made for the anchored (re-randomised) ciphertext", () => {
    const { rng, owner, hb, r1 } = world(new Uint8Array(16).fill(3));
    const rr = C.rerandomise(r1.ct, new C.PreEncryptor(owner.pk, 4), rng);
    const grant = C.preGrantKey(owner.sk, rr, hb.pk.g2a2, rng);
    expect(C.gtEq(C.preDecrypt1(hb.sk, C.preReEncryptRecord(grant, rr)), r1.m)).toBe(true);
    expect(C.gtEq(C.preDecrypt1(hb.sk, C.preReEncryptRecord(grant, r1.ct)), r1.m)).toBe(false);
  });

  it("is deterministic in (grant, ciphertext), so a committee member can recompute and compare it", () => {
    const { rng, owner, hb, r1 } = world(new Uint8Array(16).fill(4));
    const grant = C.preGrantKey(owner.sk, r1.ct, hb.pk.g2a2, rng);
    const a = C.encodeFirstLevelCiphertext(C.preReEncryptRecord(grant, r1.ct));
    const b = C.encodeFirstLevelCiphertext(C.preReEncryptRecord(C.decodeRecordGrant(C.encodeRecordGrant(grant)), r1.ct));
    expect(a).toEqual(b);
  });

  it("uses fresh randomness: two grants for the same ciphertext and delegatee differ, both open it", () => {
    const { rng, owner, hb, r1 } = world(new Uint8Array(16).fill(5));
    const g1 = C.preGrantKey(owner.sk, r1.ct, hb.pk.g2a2, rng);
    const g2 = C.preGrantKey(owner.sk, r1.ct, hb.pk.g2a2, rng);
    expect(C.encodeRecordGrant(g1)).not.toEqual(C.encodeRecordGrant(g2));
    for (const g of [g1, g2]) expect(C.gtEq(C.preDecrypt1(hb.sk, C.preReEncryptRecord(g, r1.ct)), r1.m)).toBe(true);
  });

  it("a grant made for ciphertext C applied to another ciphertext C' of the same owner yields garbage", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const { rng, owner, hb, r1, r2 } = world(s);
        const grant = C.preGrantKey(owner.sk, r1.ct, hb.pk.g2a2, rng);
        const wrong = C.preDecrypt1(hb.sk, C.preReEncryptRecord(grant, r2.ct));
        // exactly m2·Z^(a1·(r2 − r1)): the mask of the other record does not cancel
        return !C.gtEq(wrong, r2.m) && !C.gtEq(wrong, r1.m);
      }),
      { numRuns: 5 },
    );
  });

  it("opens nothing for anyone but the delegatee it names", () => {
    const { rng, owner, hb, other, r1 } = world(new Uint8Array(16).fill(6));
    const grant = C.preGrantKey(owner.sk, r1.ct, hb.pk.g2a2, rng);
    const ct1 = C.preReEncryptRecord(grant, r1.ct);
    expect(C.gtEq(C.preDecrypt1(other.sk, ct1), r1.m)).toBe(false);
    expect(C.gtEq(C.preDecrypt1(owner.sk, ct1), r1.m)).toBe(false);
    // public data alone: c2 / d = m·Z^ρ, not m
    expect(C.gtEq(ct1.c2, r1.m)).toBe(false);
  });

  it("hands the delegatee (with a colluding relay member) exactly κ of the granted ciphertext: its record and no other", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const { rng, owner, hb, r1, r2 } = world(s);
        const grant = C.preGrantKey(owner.sk, r1.ct, hb.pk.g2a2, rng);
        // Z^ρ = e(g1, u)^(1/b2), then κ = d·Z^ρ
        const zRho = gtPow(C.pairing(C.g1, grant.u), C.invertScalar(hb.sk.a2));
        const kappa = C.gtMul(grant.d, zRho);
        expect(C.gtEq(kappa, C.preRecordCapability(owner.sk, r1.ct))).toBe(true);
        expect(C.gtEq(C.gtDiv(r1.ct.c2, kappa), r1.m)).toBe(true);
        return !C.gtEq(C.gtDiv(r2.ct.c2, kappa), r2.m);
      }),
      { numRuns: 4 },
    );
  });

  it("refuses the identity and malformed bytes as a delegation target", () => {
    const { owner, r1 } = world(new Uint8Array(16).fill(8));
    expect(() => C.preGrantKey(owner.sk, r1.ct, C.G2.ZERO)).toThrow(C.PointEncodingError);
    expect(() => C.preGrantKey(owner.sk, r1.ct, new Uint8Array(96))).toThrow(C.PointEncodingError);
    expect(() => C.preGrantKey(owner.sk, r1.ct, new Uint8Array(100))).toThrow(C.LengthError);
  });

  it("decodes strictly: wrong length, a u at infinity or off the subgroup, a d outside GT are typed errors", () => {
    const { rng, owner, hb, r1 } = world(new Uint8Array(16).fill(9));
    const bytes = C.encodeRecordGrant(C.preGrantKey(owner.sk, r1.ct, hb.pk.g2a2, rng));
    expect(bytes.length).toBe(C.SIZES.recordGrant);
    expect(() => C.decodeRecordGrant(bytes.subarray(1))).toThrow(C.LengthError);
    const zeroU = bytes.slice();
    zeroU.fill(0, C.GT_BYTES);
    zeroU[C.GT_BYTES] = 0xc0; // compressed infinity
    expect(() => C.decodeRecordGrant(zeroU)).toThrow(C.PointEncodingError);
    const badD = bytes.slice();
    badD[5]! ^= 1;
    expect(() => C.decodeRecordGrant(badD)).toThrow(C.CryptoError);
  });
});

describe(`pre-fix per-patient re-key: the key-extraction attack (${pairingBackend().name})`, () => {
  it("works on the old re-key: rk^(1/b2) = g2^a1 opens every record of the owner, granted or not", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const { owner, hb, r1, r2 } = world(s);
        const rk = C.preReKey(owner.sk, hb.pk.g2a2);
        const cap = C.preExtractCapability(rk, hb.sk);
        expect(cap.equals(C.g2.multiply(owner.sk.a1))).toBe(true);
        return C.gtEq(C.preDecryptWithCapability(cap, r1.ct), r1.m) && C.gtEq(C.preDecryptWithCapability(cap, r2.ct), r2.m);
      }),
      { numRuns: 4 },
    );
  });

  it("fails on the record-bound grant: u^(1/b2) = g2^ρ opens neither the granted nor any other record", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const { rng, owner, hb, r1, r2 } = world(s);
        const grant = C.preGrantKey(owner.sk, r1.ct, hb.pk.g2a2, rng);
        const cap = C.preExtractCapability({ rk: grant.u }, hb.sk);
        expect(cap.equals(C.g2.multiply(owner.sk.a1))).toBe(false);
        return !C.gtEq(C.preDecryptWithCapability(cap, r1.ct), r1.m) && !C.gtEq(C.preDecryptWithCapability(cap, r2.ct), r2.m);
      }),
      { numRuns: 4 },
    );
  });
});
