// Every decoder of the reference cryptography: round-trip, exact length, and no acceptance of
// random or mutated bytes except as the canonical encoding of some value.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { numberToBytesBE } from "@noble/curves/utils.js";
import * as C from "../../../reference/crypto/index.ts";
import { CryptoError, LengthError } from "../../../reference/crypto/errors.ts";
import { G1 } from "../../../reference/crypto/bls12.ts";

const rng = C.seededRng("codecs");
const owner = C.preKeyGen(rng);
const delegatee = C.preKeyGen(rng);
const { ct } = C.preEncrypt(owner.pk, undefined, rng);
const rk = C.preReKey(owner.sk, delegatee.pk.g2a2);
const ct1 = C.preReEncrypt(rk, ct);
const grant = C.preGrantKey(owner.sk, ct, delegatee.pk.g2a2, rng);
const device = C.deviceKeyGen(rng);
const sig = C.deviceSign(device.sk, new Uint8Array([1, 2, 3]));
const eth = C.ethKeyGen(rng);
const ethSig = C.ethSign(eth.sk, C.keccak256(new Uint8Array([9])));
const ed = C.edKeyGen(rng);
const edSig = C.edSign(ed.sk, new Uint8Array([9]));
const pop = C.provePossession(delegatee.sk, delegatee.pk, new Uint8Array([1]), rng);

interface Codec {
  name: string;
  size: number;
  sample: Uint8Array;
  /** decode then re-encode (must reproduce the input when decoding succeeds) */
  roundTrip: (b: Uint8Array) => Uint8Array;
  /** true when some random strings of the right length are legitimately valid (e.g. scalars) */
  denseImage?: boolean;
}

const codecs: Codec[] = [
  { name: "PreSecretKey", size: C.SIZES.preSecretKey, sample: C.encodePreSecretKey(owner.sk), roundTrip: (b) => C.encodePreSecretKey(C.decodePreSecretKey(b)), denseImage: true },
  { name: "PrePublicKey", size: C.SIZES.prePublicKey, sample: C.encodePrePublicKey(owner.pk), roundTrip: (b) => C.encodePrePublicKey(C.decodePrePublicKey(b)) },
  { name: "SecondLevelCiphertext", size: C.SIZES.secondLevelCiphertext, sample: C.encodeSecondLevelCiphertext(ct), roundTrip: (b) => C.encodeSecondLevelCiphertext(C.decodeSecondLevelCiphertext(b)) },
  { name: "FirstLevelCiphertext", size: C.SIZES.firstLevelCiphertext, sample: C.encodeFirstLevelCiphertext(ct1), roundTrip: (b) => C.encodeFirstLevelCiphertext(C.decodeFirstLevelCiphertext(b)) },
  { name: "ReKey", size: C.SIZES.reKey, sample: C.encodeReKey(rk), roundTrip: (b) => C.encodeReKey(C.decodeReKey(b)) },
  { name: "RecordGrant", size: C.SIZES.recordGrant, sample: C.encodeRecordGrant(grant), roundTrip: (b) => C.encodeRecordGrant(C.decodeRecordGrant(b)) },
  { name: "PossessionProof", size: C.SIZES.possessionProof, sample: C.encodePossessionProof(pop), roundTrip: (b) => C.encodePossessionProof(C.decodePossessionProof(b)), denseImage: true },
  { name: "DeviceSignature", size: C.SIZES.deviceSignature, sample: C.encodeDeviceSignature(sig), roundTrip: (b) => C.encodeDeviceSignature(C.decodeDeviceSignature(b)) },
  { name: "DevicePublicKey", size: C.SIZES.devicePublicKey, sample: C.encodeDevicePublicKey(device.pk), roundTrip: (b) => C.encodeDevicePublicKey(C.decodeDevicePublicKey(b)) },
  { name: "DeviceSecretKey", size: C.SIZES.deviceSecretKey, sample: C.encodeDeviceSecretKey(device.sk), roundTrip: (b) => C.encodeDeviceSecretKey(C.decodeDeviceSecretKey(b)), denseImage: true },
  { name: "EthSignature", size: C.SIZES.ethSignature, sample: ethSig, roundTrip: (b) => C.encodeEthSignature(C.decodeEthSignature(b)), denseImage: true },
  { name: "Ed25519PublicKey", size: C.SIZES.ed25519PublicKey, sample: ed.pk, roundTrip: (b) => C.decodeEd25519PublicKey(b), denseImage: true },
  { name: "Ed25519Signature", size: C.SIZES.ed25519Signature, sample: edSig, roundTrip: (b) => C.decodeEd25519Signature(b), denseImage: true },
];

describe.each(codecs)("$name codec", (codec) => {
  it(`has the documented size (${codec.size} bytes) and round-trips`, () => {
    expect(codec.sample.length).toBe(codec.size);
    expect(codec.roundTrip(codec.sample)).toEqual(codec.sample);
  });

  it("rejects every other length with LengthError", () => {
    for (const n of [0, 1, codec.size - 1, codec.size + 1, 2 * codec.size]) {
      const b = new Uint8Array(n);
      b.set(codec.sample.subarray(0, Math.min(n, codec.size)));
      expect(() => codec.roundTrip(b)).toThrow(LengthError);
    }
  });

  it("random bytes are rejected with a typed error or decode canonically", () => {
    let rejected = 0;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: codec.size, maxLength: codec.size }), (b) => {
        try {
          expect(codec.roundTrip(b)).toEqual(b);
        } catch (e) {
          if (!(e instanceof CryptoError)) throw e;
          rejected++;
        }
      }),
      { numRuns: 12 },
    );
    if (!codec.denseImage) expect(rejected).toBe(12);
  });

  it("mutated encodings are rejected with a typed error or decode canonically to something else", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: codec.size - 1 }), fc.integer({ min: 1, max: 255 }), (i, flip) => {
        const b = codec.sample.slice();
        b[i] ^= flip;
        try {
          const out = codec.roundTrip(b);
          expect(out).toEqual(b);
          expect(out).not.toEqual(codec.sample);
        } catch (e) {
          if (!(e instanceof CryptoError)) throw e;
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe("component checks inside composite decoders", () => {
  it("PreSecretKey rejects a zero or unreduced scalar", () => {
    const b = C.encodePreSecretKey(owner.sk);
    b.fill(0, 32);
    expect(() => C.decodePreSecretKey(b)).toThrow(C.ScalarEncodingError);
    b.set(numberToBytesBE(C.R_ORDER, 32), 32);
    expect(() => C.decodePreSecretKey(b)).toThrow(C.ScalarEncodingError);
  });

  it("PrePublicKey and FirstLevelCiphertext reject the identity where the exponent is non-zero", () => {
    const pk = C.encodePrePublicKey(owner.pk);
    pk.fill(0, 0, 288);
    expect(() => C.decodePrePublicKey(pk)).toThrow(C.GtEncodingError);
    const c = C.encodeFirstLevelCiphertext(ct1);
    c.fill(0, 0, 288);
    expect(() => C.decodeFirstLevelCiphertext(c)).toThrow(C.GtEncodingError);
  });

  it("SecondLevelCiphertext accepts c2 = 1 (uniform component) but not c1 = identity", () => {
    const c = C.encodeSecondLevelCiphertext(ct);
    c.fill(0, 48);
    expect(C.gtEq(C.decodeSecondLevelCiphertext(c).c2, C.GT_ONE)).toBe(true);
    const inf = C.encodeSecondLevelCiphertext(ct);
    inf.set(G1.ZERO.toBytes(true), 0);
    expect(() => C.decodeSecondLevelCiphertext(inf)).toThrow(C.PointEncodingError);
  });

  it("decodeDelegateeKey accepts the 96-byte G2 part or the 384-byte key and nothing else", () => {
    expect(C.decodeDelegateeKey(C.encodeG2(delegatee.pk.g2a2)).equals(delegatee.pk.g2a2)).toBe(true);
    expect(C.decodeDelegateeKey(C.encodePrePublicKey(delegatee.pk)).equals(delegatee.pk.g2a2)).toBe(true);
    expect(() => C.decodeDelegateeKey(new Uint8Array(100))).toThrow(LengthError);
  });

  it("PossessionProof rejects components ≥ r", () => {
    const b = C.encodePossessionProof(pop);
    b.set(numberToBytesBE(C.R_ORDER, 32), 64);
    expect(() => C.decodePossessionProof(b)).toThrow(C.ScalarEncodingError);
  });
});
