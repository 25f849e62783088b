// The PRE suite on the mcl-wasm backend: switches the hot operations (preReKey, preReEncrypt,
// preDecrypt1) to mcl, then re-runs pre.test.ts, vectors.test.ts and codecs.test.ts in this file (they
// register their tests here when imported), and checks mcl against noble directly: the same field
// elements, hence the same bytes, on random inputs, and the same typed refusals of malformed input.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as C from "../../../reference/crypto/index.ts";
import { Fp12Field } from "../../../reference/crypto/bls12.ts";
import { nobleBackend, pairingBackend, useFastBackend, useNobleBackend } from "../../../reference/crypto/backend.ts";

const fast = await useFastBackend();

describe("mcl-wasm backend", () => {
  it("loads, passes its self-check and is in use", () => {
    expect(fast).toBe(true);
    expect(pairingBackend().name).toBe("mcl-wasm");
  });

  it("gives noble's exact results on random inputs (pairing, G2 multiplication, GT power)", () => {
    const mcl = pairingBackend();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (s) => {
        const rng = C.seededRng(s);
        const p = C.g1.multiply(C.randomScalar(rng));
        const q = C.g2.multiply(C.randomScalar(rng));
        const k = C.randomScalar(rng);
        const e = nobleBackend.pairing(p, q);
        expect(Fp12Field.eql(mcl.pairing(p, q), e)).toBe(true);
        expect(C.encodeG2(mcl.g2Mul(q, k))).toEqual(C.encodeG2(nobleBackend.g2Mul(q, k)));
        expect(C.encodeGt(mcl.gtPow(e, k))).toEqual(C.encodeGt(nobleBackend.gtPow(e, k)));
      }),
      { numRuns: 10 },
    );
  });

  it("handles the identity and out-of-range exponents as noble does", () => {
    const mcl = pairingBackend();
    // noble refuses to pair the identity; the mcl backend hands it to noble, so it refuses alike
    expect(() => nobleBackend.pairing(C.G1.ZERO, C.g2)).toThrow();
    expect(() => mcl.pairing(C.G1.ZERO, C.g2)).toThrow();
    expect(() => mcl.pairing(C.g1, C.G2.ZERO)).toThrow();
    expect(mcl.g2Mul(C.G2.ZERO, 5n).is0()).toBe(true);
    expect(mcl.g2Mul(C.g2, C.R_ORDER).is0()).toBe(true);
    const z = C.gtGenerator();
    expect(C.gtEq(mcl.gtPow(z, C.R_ORDER + 3n), nobleBackend.gtPow(z, 3n))).toBe(true);
    expect(C.gtEq(mcl.gtPow(z, -1n), C.gtInv(z))).toBe(true);
  });

  it("PRE steps produce byte-identical encodings in both backends and interoperate", async () => {
    const rng = C.seededRng("backend-mcl/bytes");
    const owner = C.preKeyGen(rng);
    const hb = C.preKeyGen(rng);
    const hbKey = C.encodePrePublicKey(hb.pk);
    const { ct, m } = C.preEncrypt(owner.pk, undefined, rng);
    const rkMcl = C.encodeReKey(C.preReKey(owner.sk, hbKey));
    const ct1Mcl = C.encodeFirstLevelCiphertext(C.preReEncrypt(C.decodeReKey(rkMcl), ct));
    useNobleBackend();
    try {
      const rkNoble = C.encodeReKey(C.preReKey(owner.sk, hbKey));
      const ct1Noble = C.encodeFirstLevelCiphertext(C.preReEncrypt(C.decodeReKey(rkNoble), ct));
      expect(rkMcl).toEqual(rkNoble);
      expect(ct1Mcl).toEqual(ct1Noble);
      expect(C.gtEq(C.preDecrypt1(hb.sk, C.decodeFirstLevelCiphertext(ct1Mcl)), m)).toBe(true);
    } finally {
      await useFastBackend();
    }
    expect(pairingBackend().name).toBe("mcl-wasm");
  });

  it("record-bound grant and its re-encryption are byte-identical in both backends", async () => {
    const rng = C.seededRng("backend-mcl/grant");
    const owner = C.preKeyGen(rng);
    const hb = C.preKeyGen(rng);
    const hbKey = C.encodePrePublicKey(hb.pk);
    const { ct, m } = C.preEncrypt(owner.pk, undefined, rng);
    const grantMcl = C.encodeRecordGrant(C.preGrantKey(owner.sk, ct, hbKey, C.seededRng("rho")));
    const ct1Mcl = C.encodeFirstLevelCiphertext(C.preReEncryptRecord(C.decodeRecordGrant(grantMcl), ct));
    useNobleBackend();
    try {
      const grantNoble = C.encodeRecordGrant(C.preGrantKey(owner.sk, ct, hbKey, C.seededRng("rho")));
      const ct1Noble = C.encodeFirstLevelCiphertext(C.preReEncryptRecord(C.decodeRecordGrant(grantNoble), ct));
      expect(grantMcl).toEqual(grantNoble);
      expect(ct1Mcl).toEqual(ct1Noble);
      expect(C.gtEq(C.preDecrypt1(hb.sk, C.decodeFirstLevelCiphertext(ct1Mcl)), m)).toBe(true);
    } finally {
      await useFastBackend();
    }
    expect(pairingBackend().name).toBe("mcl-wasm");
  });

  it("refuses malformed re-keys, delegatee keys and ciphertexts with the same typed errors", () => {
    const rng = C.seededRng("backend-mcl/errors");
    const owner = C.preKeyGen(rng);
    const hb = C.preKeyGen(rng);
    const rk = C.encodeReKey(C.preReKey(owner.sk, hb.pk.g2a2));
    const ct2 = C.encodeSecondLevelCiphertext(C.preEncrypt(owner.pk, undefined, rng).ct);
    const ct1 = C.encodeFirstLevelCiphertext(C.preReEncrypt(C.decodeReKey(rk), C.decodeSecondLevelCiphertext(ct2)));
    const flip = (b: Uint8Array, i: number) => {
      const c = b.slice();
      c[i]! ^= 0x01;
      return c;
    };
    const cases: [string, () => unknown][] = [
      ["short re-key", () => C.preReEncrypt(C.decodeReKey(rk.subarray(1)), C.decodeSecondLevelCiphertext(ct2))],
      ["mutated re-key", () => C.preReEncrypt(C.decodeReKey(flip(rk, 40)), C.decodeSecondLevelCiphertext(ct2))],
      ["identity delegatee", () => C.preReKey(owner.sk, C.G2.ZERO)],
      ["mutated delegatee key", () => C.preReKey(owner.sk, flip(C.encodeG2(hb.pk.g2a2), 50))],
      ["mutated second-level c1", () => C.preReEncrypt(C.decodeReKey(rk), C.decodeSecondLevelCiphertext(flip(ct2, 20)))],
      ["mutated first-level c1", () => C.preDecrypt1(hb.sk, C.decodeFirstLevelCiphertext(flip(ct1, 100)))],
      ["truncated first-level", () => C.preDecrypt1(hb.sk, C.decodeFirstLevelCiphertext(ct1.subarray(0, ct1.length - 1)))],
    ];
    const outcome = (f: () => unknown) => {
      try {
        f();
        return "accepted";
      } catch (e) {
        return e instanceof C.CryptoError ? `${e.constructor.name}:${e.code}` : `untyped:${String(e)}`;
      }
    };
    const withMcl = cases.map(([n, f]) => [n, outcome(f)]);
    useNobleBackend();
    const withNoble = cases.map(([n, f]) => [n, outcome(f)]);
    return useFastBackend().then((ok) => {
      expect(ok).toBe(true);
      expect(withMcl).toEqual(withNoble);
      for (const [, o] of withMcl) expect(o).toMatch(/Error:E_/);
    });
  });
});

// The same PRE properties, codecs and known vectors as the noble run, now on mcl.
await import("./pre.test.ts");
await import("./pre-grant.test.ts");
await import("./vectors.test.ts");
await import("./codecs.test.ts");

describe("mcl-wasm backend, after the suites", () => {
  it("was in use throughout", () => {
    expect(pairingBackend().name).toBe("mcl-wasm");
  });
});
