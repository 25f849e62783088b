import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as C from "../../../reference/crypto/index.ts";

const m = C.preRandomMessage(C.seededRng("blob m"));
const ctx: C.RecordContext = { patient: "0xA11ce", record: "rec-1", device: "dev-7" };
const context = fc.record({ patient: fc.string(), record: fc.string(), device: fc.string() });

describe("record context, data key and key commitment", () => {
  it("the context encoding is injective (length-prefixed fields)", () => {
    fc.assert(
      fc.property(context, context, (a, b) => {
        const same = a.patient === b.patient && a.record === b.record && a.device === b.device;
        const eq = Buffer.from(C.encodeRecordContext(a)).equals(Buffer.from(C.encodeRecordContext(b)));
        return same === eq;
      }),
      { numRuns: 200 },
    );
    // field boundaries matter: ("ab","c") ≠ ("a","bc")
    expect(C.encodeRecordContext({ patient: "ab", record: "c", device: "" })).not.toEqual(C.encodeRecordContext({ patient: "a", record: "bc", device: "" }));
  });

  it("derives 32-byte keys that depend on m and on every context field, and a separate commitment", () => {
    const k = C.dataKeyFrom(m, ctx);
    expect(k.length).toBe(32);
    expect(C.dataKeyFrom(m, ctx)).toEqual(k);
    expect(C.keyCommitment(m, ctx)).not.toEqual(k);
    for (const field of ["patient", "record", "device"] as const) {
      expect(C.dataKeyFrom(m, { ...ctx, [field]: ctx[field] + "x" })).not.toEqual(k);
    }
    expect(C.dataKeyFrom(C.gtMul(m, C.gtGenerator()), ctx)).not.toEqual(k);
  });

  it("checkKeyCommitment accepts the right m and rejects any other", () => {
    const kc = C.keyCommitment(m, ctx);
    expect(() => C.checkKeyCommitment(m, ctx, kc)).not.toThrow();
    expect(() => C.checkKeyCommitment(C.gtMul(m, C.gtGenerator()), ctx, kc)).toThrow(C.KeyCommitmentError);
    expect(() => C.checkKeyCommitment(m, { ...ctx, record: "rec-2" }, kc)).toThrow(C.KeyCommitmentError);
  });
});

describe("AEAD blobs", () => {
  const key = C.dataKeyFrom(m, ctx);
  const ad = C.encodeRecordContext(ctx);

  it("opens what it seals, with a 16-byte tag and no nonce on the wire", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (pt) => {
        const blob = C.sealBlob(key, pt, ad);
        expect(blob.length).toBe(pt.length + C.SIZES.aeadTag);
        return Buffer.from(C.openBlob(key, blob, ad)).equals(Buffer.from(pt));
      }),
      { numRuns: 50 },
    );
  });

  it("is deterministic for a given key (so the device has no nonce to choose)", () => {
    const pt = new TextEncoder().encode("heart rate 72");
    expect(C.sealBlob(key, pt, ad)).toEqual(C.sealBlob(key, pt, ad));
  });

  it("rejects a wrong key, wrong associated data, any flipped bit and truncation", () => {
    const pt = new TextEncoder().encode("blood pressure 120/80");
    const blob = C.sealBlob(key, pt, ad);
    expect(() => C.openBlob(C.dataKeyFrom(m, { ...ctx, record: "other" }), blob, ad)).toThrow(C.AeadError);
    expect(() => C.openBlob(key, blob, C.encodeRecordContext({ ...ctx, device: "dev-8" }))).toThrow(C.AeadError);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: blob.length * 8 - 1 }), (bit) => {
        const t = blob.slice();
        t[bit >> 3] ^= 1 << (bit & 7);
        expect(() => C.openBlob(key, t, ad)).toThrow(C.AeadError);
      }),
      { numRuns: 50 },
    );
    expect(() => C.openBlob(key, blob.subarray(0, 15), ad)).toThrow(C.AeadError);
    expect(() => C.sealBlob(new Uint8Array(16), pt, ad)).toThrow(C.ArgumentError);
  });
});

describe("end to end: a tampered PRE ciphertext is caught", () => {
  it("by the key commitment and, failing that, by the AEAD", () => {
    const owner = C.preKeyGen(C.seededRng("e2e"));
    const { ct, m: mm } = C.preEncrypt(owner.pk, undefined, C.seededRng("e2e-enc"));
    const k = C.dataKeyFrom(mm, ctx);
    const kc = C.keyCommitment(mm, ctx);
    const blob = C.sealBlob(k, new TextEncoder().encode("PHR"), C.encodeRecordContext(ctx));
    const tampered = { ...ct, c2: C.gtMul(ct.c2, C.gtGenerator()) };
    const wrong = C.preDecrypt2(owner.sk, tampered);
    expect(() => C.checkKeyCommitment(wrong, ctx, kc)).toThrow(C.KeyCommitmentError);
    expect(() => C.openBlob(C.dataKeyFrom(wrong, ctx), blob, C.encodeRecordContext(ctx))).toThrow(C.AeadError);
    expect(new TextDecoder().decode(C.openBlob(C.dataKeyFrom(C.preDecrypt2(owner.sk, ct), ctx), blob, C.encodeRecordContext(ctx)))).toBe("PHR");
  });
});
