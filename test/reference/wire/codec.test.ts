import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { share, upload } from "../../../protocol/specs/medexchain.ts";
import { decodeMessage, encodeMessage, messageOf, peekLabel, WireError } from "../../../reference/wire/codec.ts";
import { wireFields } from "../../../reference/wire/fields.ts";

const messages = [...upload.messages, ...share.messages];
const arbValues = (label: string) => {
  const m = messages.find((x) => x.label === label)!;
  return fc.tuple(...wireFields(m).map(() => fc.uint8Array({ maxLength: 80 }))).map((vs) => Object.fromEntries(wireFields(m).map((f, i) => [f.name, vs[i]!])));
};

describe("spec-driven wire codec", () => {
  it("names every field of every MedExChain message uniquely", () => {
    for (const m of messages) {
      const names = wireFields(m).map((f) => f.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it("round-trips every message (property)", () => {
    for (const m of messages) {
      fc.assert(
        fc.property(arbValues(m.label), (values) => {
          const bytes = encodeMessage(m, values);
          expect(peekLabel(bytes)).toBe(m.label);
          expect(decodeMessage(m, bytes)).toEqual(values);
        }),
        { numRuns: 50 },
      );
    }
  });

  it("rejects truncated, extended and mislabelled bytes with a typed error (property)", () => {
    const m = messageOf(share, "rq1");
    const other = messageOf(share, "gr1");
    fc.assert(
      fc.property(arbValues("rq1"), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), (values, cut, extra) => {
        const bytes = encodeMessage(m, values);
        const short = bytes.slice(0, cut % bytes.length);
        expect(() => decodeMessage(m, short)).toThrow(WireError);
        const long = new Uint8Array([...bytes, ...extra]);
        expect(() => decodeMessage(m, long)).toThrow(/unexpected bytes|runs past|expected/);
        expect(() => decodeMessage(other, bytes)).toThrow(/labelled "rq1"/);
      }),
      { numRuns: 100 },
    );
  });

  it("never accepts random bytes as a different shape (property)", () => {
    const m = messageOf(share, "dl1");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          const fields = decodeMessage(m, bytes);
          // If random bytes happen to parse, re-encoding must give exactly the same bytes (canonical).
          expect(encodeMessage(m, fields)).toEqual(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(WireError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("checks fixed sizes when the implementation registers them", () => {
    const m = messageOf(share, "rq1");
    const values = Object.fromEntries(wireFields(m).map((f) => [f.name, new Uint8Array(3)]));
    const sizeOf = () => 3;
    expect(decodeMessage(m, encodeMessage(m, values, sizeOf), sizeOf)).toEqual(values);
    expect(() => encodeMessage(m, values, () => 4)).toThrow(/expected 4/);
  });

  it("refuses missing and unknown fields", () => {
    const m = messageOf(share, "in1");
    expect(() => encodeMessage(m, { P: new Uint8Array(1) })).toThrow(/field "rec" has no value/);
    expect(() => encodeMessage(m, { P: new Uint8Array(1), rec: new Uint8Array(1), dev: new Uint8Array(1), tsD: new Uint8Array(1), x: new Uint8Array(1) })).toThrow(/not in the spec/);
    expect(() => messageOf(share, "nope")).toThrow(/has no message "nope"/);
  });
});
