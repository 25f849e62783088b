// The one committee-proof check (reference/chains/relay-proof.ts), off chain: the rules the relay
// contracts enforce with ecrecover. The on-chain agreement is in contracts.test.ts.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bytesToHex, concatHex, keccak256, sliceHex, stringToBytes, type Address, type Hex } from "viem";
import * as C from "../../../reference/crypto/index.ts";
import { checkProof, committeeProofFromKeys, decodeProof, RelayProofError, verifyProof } from "../../../reference/chains/relay-proof.ts";

const rng = C.seededRng("committee");
const members = Array.from({ length: 4 }, () => C.ethKeyGen(rng)).map((k) => ({ sk: k.sk, address: k.address }));
const addresses = members.map((m) => m.address as Address);
const digest = keccak256(stringToBytes("cross-chain message"));

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof RelayProofError) return e.reason;
    throw e;
  }
  return "accepted";
}

describe("committee proof: t-of-n ECDSA in ascending signer order", () => {
  it("accepts t or more distinct members, whichever subset signs", () => {
    expect(checkProof(digest, committeeProofFromKeys(members.slice(0, 3), digest), addresses, 3)).toHaveLength(3);
    expect(checkProof(digest, committeeProofFromKeys(members, digest), addresses, 3)).toHaveLength(4);
    expect(checkProof(digest, committeeProofFromKeys(members.slice(1, 4), digest), addresses, 3)).toHaveLength(3);
  });

  it("names the rule a forged proof breaks", () => {
    expect(reason(() => checkProof(digest, committeeProofFromKeys(members.slice(0, 2), digest), addresses, 3))).toBe("InsufficientSignatures");
    const two = decodeProof(committeeProofFromKeys(members.slice(0, 2), digest));
    expect(reason(() => checkProof(digest, concatHex([two[0]!, two[0]!, two[1]!]), addresses, 3))).toBe("DuplicateSigner");
    const three = decodeProof(committeeProofFromKeys(members.slice(0, 3), digest));
    expect(reason(() => checkProof(digest, concatHex([...three].reverse()), addresses, 3))).toBe("SignersNotAscending");
    const outsider = C.ethKeyGen(C.seededRng("outsider"));
    const withOutsider = committeeProofFromKeys([...members.slice(0, 2), { sk: outsider.sk, address: outsider.address }], digest);
    expect(reason(() => checkProof(digest, withOutsider, addresses, 2))).toBe("UnknownSigner");
    expect(reason(() => checkProof(keccak256(stringToBytes("other")), concatHex(three), addresses, 3))).toBe("UnknownSigner");
    const badV = concatHex([three[0]!, three[1]!, `${sliceHex(three[2]!, 0, 64)}05` as Hex]);
    expect(reason(() => checkProof(digest, badV, addresses, 2))).toBe("InvalidSignature");
  });

  it("rejects the malleable high-s twin of a valid signature", () => {
    const [sig] = decodeProof(committeeProofFromKeys(members.slice(0, 1), digest));
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt(sliceHex(sig!, 32, 64));
    const v = Number(BigInt(sliceHex(sig!, 64, 65)));
    const twin = concatHex([sliceHex(sig!, 0, 32), `0x${(n - s).toString(16).padStart(64, "0")}`, v === 27 ? "0x1c" : "0x1b"]);
    expect(reason(() => checkProof(digest, twin, addresses, 1))).toBe("InvalidSignature");
  });

  it("refuses impossible thresholds and malformed proof bytes", async () => {
    const proof = committeeProofFromKeys(members, digest);
    expect(reason(() => checkProof(digest, proof, addresses, 0))).toBe("BadThreshold");
    expect(reason(() => checkProof(digest, proof, addresses, 5))).toBe("BadThreshold");
    expect(reason(() => decodeProof(bytesToHex(new Uint8Array(64))))).toBe("MalformedProof");
    expect(reason(() => decodeProof("0x"))).toBe("MalformedProof");
    await expect(verifyProof(digest, proof, addresses, 5)).rejects.toThrow(RelayProofError);
  });

  it("property: any t-subset of members verifies, in whatever order it was signed", () => {
    fc.assert(
      fc.property(fc.subarray([0, 1, 2, 3], { minLength: 2 }), fc.uint8Array({ minLength: 1, maxLength: 64 }), (idx, msg) => {
        const d = keccak256(msg);
        const signers = [...idx].reverse().map((i) => members[i]!);
        const got = checkProof(d, committeeProofFromKeys(signers, d), addresses, 2);
        expect(new Set(got.map((a) => a.toLowerCase()))).toEqual(new Set(signers.map((m) => m.address.toLowerCase())));
      }),
      { numRuns: 30 },
    );
  });
});
