// Fuzzing every decoder of untrusted bytes (a few hundred cases each in CI; `npm run fuzz` runs
// 10,000), and the property's teeth: an untyped crash and a non-canonical acceptance are caught.
import { describe, expect, it } from "vitest";
import { decodeAbiParameters, encodeAbiParameters, hexToBytes, bytesToHex } from "viem";
import { decoderTargets, decodeProperty } from "../../../adversary/fuzz/decoder-targets.ts";
import { propertyTarget } from "../../../adversary/fuzz/target.ts";
import { malformed, applyMutation } from "../../../adversary/fuzz/byte-mutations.ts";
import { LengthError } from "../../../reference/crypto/errors.ts";

const RUNS = 300;

describe.each(decoderTargets().map((t) => [t.name, t] as const))("%s", (_, t) => {
  it(`rejects malformed input with a typed error or decodes it canonically (${RUNS} cases)`, async () => {
    const r = await t.run(RUNS, 1);
    expect(r.counterexample).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.runs).toBe(RUNS);
  });
});

describe("the decoder property has teeth", () => {
  const seed = [new Uint8Array(32).fill(5)];
  const strict = (b: Uint8Array) => {
    if (b.length !== 32) throw new LengthError("thing", 32, b.length);
    return b;
  };

  it("a strict decoder passes", async () => {
    const r = await propertyTarget("strict", "decoder", () => malformed(seed), decodeProperty({ decode: strict, encode: ((v: Uint8Array) => v) as (v: never) => Uint8Array })).run(200, 3);
    expect(r.ok).toBe(true);
  });

  it("a decoder that crashes with an untyped error is caught", async () => {
    const crashing = (b: Uint8Array) => {
      if (b.length === 0) throw new RangeError("offset out of bounds");
      return strict(b);
    };
    const r = await propertyTarget("crashing", "decoder", () => malformed(seed), decodeProperty({ decode: crashing })).run(500, 3);
    expect(r.ok).toBe(false);
    expect(r.counterexample).toContain("untyped error");
  });

  it("a lenient decoder that accepts a non-canonical encoding is caught (viem's ABI decoder alone)", async () => {
    const T = [{ type: "address" }, { type: "bytes" }] as const;
    const lenient = (b: Uint8Array) => decodeAbiParameters(T, bytesToHex(b));
    const encode = ((v: readonly [string, string]) => hexToBytes(encodeAbiParameters(T, v as never))) as (v: never) => Uint8Array;
    const valid = hexToBytes(encodeAbiParameters(T, ["0x1111111111111111111111111111111111111111", "0xabcd"]));
    const r = await propertyTarget("lenient", "decoder", () => malformed([valid]), decodeProperty({ decode: lenient, encode })).run(500, 3);
    expect(r.ok).toBe(false);
    expect(r.counterexample).toMatch(/non-canonical|untyped/);
  });

  it("mutations change their input", () => {
    const b = new Uint8Array([1, 2, 3, 4]);
    expect(applyMutation(b, { op: "flip", at: 1, bit: 0 })).toEqual(new Uint8Array([1, 3, 3, 4]));
    expect(applyMutation(b, { op: "truncate", at: 2 })).toEqual(new Uint8Array([1, 2]));
    expect(applyMutation(b, { op: "insert", at: 1, bytes: new Uint8Array([9]) })).toEqual(new Uint8Array([1, 9, 2, 3, 4]));
    expect(applyMutation(b, { op: "delete", at: 0, count: 2 })).toEqual(new Uint8Array([3, 4]));
  });
});
