// The blob of a record opens only under that record's context (device, anchoring hospital, patient,
// device timestamp): the data key's KDF info and the AEAD's associated data both bind it.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as C from "../../../reference/crypto/index.ts";
import { blobAd, blobKey, recordContextOf, type BlobContext } from "../../../reference/roles/record-context.ts";

const rng = C.seededRng("record-context-test");
const m = C.gtPow(C.gtGenerator(), C.randomScalar(rng));
const ctx: BlobContext = { device: rng(32), hospital: rng(20), patient: rng(20), timestamp: 1_760_000_000n };
const phr = new TextEncoder().encode('{"hr":72}');
const blob = C.sealBlob(blobKey(m, ctx), phr, blobAd(ctx));

const changed: Record<keyof BlobContext, (c: BlobContext) => BlobContext> = {
  device: (c) => ({ ...c, device: Uint8Array.from(c.device, (x, i) => (i === 0 ? x ^ 1 : x)) }),
  hospital: (c) => ({ ...c, hospital: Uint8Array.from(c.hospital, (x, i) => (i === 19 ? x ^ 1 : x)) }),
  patient: (c) => ({ ...c, patient: Uint8Array.from(c.patient, (x, i) => (i === 7 ? x ^ 0x80 : x)) }),
  timestamp: (c) => ({ ...c, timestamp: c.timestamp + 1n }),
};

describe("the record context of a blob", () => {
  it("opens the blob under the record's own context", () => {
    expect(C.openBlob(blobKey(m, ctx), blob, blobAd(ctx))).toEqual(phr);
  });

  it.each(Object.keys(changed) as (keyof BlobContext)[])("refuses the blob under another %s (KDF info and associated data each bind it)", (field) => {
    const other = changed[field](ctx);
    expect(() => C.openBlob(blobKey(m, other), blob, blobAd(other))).toThrow(C.AeadError);
    // Either binding alone is enough: the right key with another record's AD, or another key with the right AD.
    expect(() => C.openBlob(blobKey(m, ctx), blob, blobAd(other))).toThrow(C.AeadError);
    expect(() => C.openBlob(blobKey(m, other), blob, blobAd(ctx))).toThrow(C.AeadError);
  });

  it("a record's data key moved to another record's context does not open that record's blob", () => {
    const m2 = C.gtPow(C.gtGenerator(), C.randomScalar(rng));
    const ctx2 = changed.timestamp(ctx);
    const blob2 = C.sealBlob(blobKey(m2, ctx2), phr, blobAd(ctx2));
    expect(() => C.openBlob(blobKey(m, ctx2), blob2, blobAd(ctx2))).toThrow(C.AeadError);
    expect(() => C.openBlob(blobKey(m2, ctx), blob, blobAd(ctx))).toThrow(C.AeadError);
  });

  it("encodes contexts injectively", () => {
    const arb = fc.record({ device: fc.uint8Array({ minLength: 32, maxLength: 32 }), hospital: fc.uint8Array({ minLength: 20, maxLength: 20 }), patient: fc.uint8Array({ minLength: 20, maxLength: 20 }), timestamp: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) });
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const same = Buffer.from(blobAd(a)).equals(Buffer.from(blobAd(b)));
        const equal = JSON.stringify(recordContextOf(a)) === JSON.stringify(recordContextOf(b));
        return same === equal && equal === (Buffer.from(a.device).equals(Buffer.from(b.device)) && Buffer.from(a.hospital).equals(Buffer.from(b.hospital)) && Buffer.from(a.patient).equals(Buffer.from(b.patient)) && a.timestamp === b.timestamp);
      }),
      { numRuns: 200 },
    );
  });
});
