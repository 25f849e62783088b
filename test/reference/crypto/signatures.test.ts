import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { numberToBytesBE } from "@noble/curves/utils.js";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { hashMessage, recoverAddress } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import * as C from "../../../reference/crypto/index.ts";
import { hashToG1 } from "../../../reference/crypto/device-signature.ts";

describe("device BLS signatures (min-sig)", () => {
  const kp = C.deviceKeyGen(C.seededRng("device"));
  const msg = utf8ToBytes("upload statement");

  it("hash_to_curve matches RFC 9380 J.9.1 (BLS12381G1_XMD:SHA-256_SSWU_RO_)", () => {
    const dst = "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_";
    const vectors: [string, string, string][] = [
      ["", "052926add2207b76ca4fa57a8734416c8dc95e24501772c814278700eed6d1e4e8cf62d9c09db0fac349612b759e79a1", "08ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6be0e8c67e2e81a4cc68ee29813bb7994998f3eae0c9c6a265"],
      ["abc", "03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f6903", "0b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429c85b67af215533311f0b8dfaaa154fa6b88176c229f2885d"],
    ];
    for (const [m, x, y] of vectors) {
      const p = hashToG1(utf8ToBytes(m), dst).toAffine();
      expect(p.x.toString(16).padStart(96, "0")).toBe(x);
      expect(p.y.toString(16).padStart(96, "0")).toBe(y);
    }
  });

  it("agrees with noble's shortSignatures under the same DST", () => {
    const h = bls12_381.shortSignatures.hash(msg, C.DEVICE_SIGNATURE_DST);
    const theirs = bls12_381.shortSignatures.sign(h, numberToBytesBE(kp.sk, 32));
    expect(C.deviceSign(kp.sk, msg).equals(theirs)).toBe(true);
    expect(bls12_381.shortSignatures.verify(C.deviceSign(kp.sk, msg), h, kp.pk)).toBe(true);
  });

  it("verifies its own signatures and rejects wrong message, key or signature", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (m) => {
        const s = C.deviceSign(kp.sk, m);
        expect(C.deviceVerify(kp.pk, m, s)).toBe(true);
        expect(C.deviceVerify(kp.pk, new Uint8Array([...m, 0]), s)).toBe(false);
        return true;
      }),
      { numRuns: 4 },
    );
    const s = C.deviceSign(kp.sk, msg);
    const other = C.deviceKeyGen(C.seededRng("other device"));
    expect(C.deviceVerify(other.pk, msg, s)).toBe(false);
    expect(C.deviceVerify(kp.pk, msg, s.double())).toBe(false);
    expect(C.deviceVerify(kp.pk, msg, C.G1.ZERO)).toBe(false);
  });

  it("is unique: signing twice gives the same bytes", () => {
    expect(C.encodeDeviceSignature(C.deviceSign(kp.sk, msg))).toEqual(C.encodeDeviceSignature(C.deviceSign(kp.sk, msg)));
  });
});

describe("chain A: secp256k1 ECDSA, Ethereum style", () => {
  // web3.js accounts documentation vector (EIP-191 personal message "Some data").
  const sk = hexToBytes("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
  const address = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";

  it("derives the known address and EIP-55 checksum", () => {
    expect(C.ethAddressOf(sk)).toBe(address);
    expect(C.toChecksumAddress(address.toLowerCase())).toBe(address);
    expect(privateKeyToAddress(`0x${bytesToHex(sk)}`)).toBe(address);
    expect(() => C.toChecksumAddress("0x1234")).toThrow(C.ArgumentError);
  });

  it("reproduces the known signature of an EIP-191 digest (RFC 6979 nonces)", () => {
    const digest = hexToBytes(hashMessage("Some data").slice(2));
    expect(bytesToHex(digest)).toBe("1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655");
    const sig = C.ethSign(sk, digest);
    expect(bytesToHex(sig)).toBe(
      "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c",
    );
    expect(C.ethRecover(digest, sig)).toBe(address);
  });

  it("round-trips sign/recover/verify, agreeing with viem's recoverAddress", async () => {
    const kp = C.ethKeyGen(C.seededRng("eth"));
    for (let i = 0; i < 3; i++) {
      const digest = C.keccak256(new Uint8Array([i]));
      const sig = C.ethSign(kp.sk, digest);
      expect(sig[64] === 27 || sig[64] === 28).toBe(true);
      expect(C.ethVerify(kp.address, digest, sig)).toBe(true);
      expect(await recoverAddress({ hash: `0x${bytesToHex(digest)}`, signature: `0x${bytesToHex(sig)}` })).toBe(kp.address);
      expect(C.ethVerify(kp.address, C.keccak256(new Uint8Array([i + 1])), sig)).toBe(false);
      expect(C.ethVerify(address, digest, sig)).toBe(false);
    }
  });

  it("rejects malleable high-s, bad v, zero r and wrong-size digests", () => {
    const digest = C.keccak256(utf8ToBytes("x"));
    const sig = C.ethSign(sk, digest);
    const parts = C.decodeEthSignature(sig);
    const n = secp256k1.Point.Fn.ORDER;
    const high = C.encodeEthSignature({ r: parts.r, s: n - parts.s, v: parts.v === 27 ? 28 : 27 });
    expect(() => C.decodeEthSignature(high)).toThrow(C.SignatureError);
    expect(C.ethVerify(address, digest, high)).toBe(false);
    const badV = sig.slice();
    badV[64] = 1;
    expect(() => C.decodeEthSignature(badV)).toThrow(C.SignatureError);
    const zeroR = sig.slice();
    zeroR.fill(0, 0, 32);
    expect(() => C.decodeEthSignature(zeroR)).toThrow(C.SignatureError);
    expect(() => C.ethSign(sk, new Uint8Array(31))).toThrow(C.ArgumentError);
  });
});

describe("chain B: Ed25519 (strict)", () => {
  it("matches RFC 8032 §7.1 tests 1 and 2", () => {
    const vectors = [
      ["9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "", "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"],
      ["4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72", "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"],
    ];
    for (const [sk, pk, msg, sig] of vectors) {
      expect(bytesToHex(C.edPublicKey(hexToBytes(sk!)))).toBe(pk);
      expect(bytesToHex(C.edSign(hexToBytes(sk!), hexToBytes(msg!)))).toBe(sig);
      expect(C.edVerify(hexToBytes(pk!), hexToBytes(msg!), hexToBytes(sig!))).toBe(true);
      expect(C.edVerify(hexToBytes(pk!), utf8ToBytes("other"), hexToBytes(sig!))).toBe(false);
    }
  });

  it("rejects S ≥ L, small-order and non-canonical keys", () => {
    const kp = C.edKeyGen(C.seededRng("ed"));
    const msg = utf8ToBytes("m");
    const sig = C.edSign(kp.sk, msg);
    // S + L encodes the same scalar non-canonically
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
    const big = sig.slice();
    let t = s + L;
    for (let i = 32; i < 64; i++) {
      big[i] = Number(t & 0xffn);
      t >>= 8n;
    }
    expect(() => C.decodeEd25519Signature(big)).toThrow(C.SignatureError);
    expect(C.edVerify(kp.pk, msg, big)).toBe(false);
    const identity = new Uint8Array(32);
    identity[0] = 1; // the neutral point (0, 1): small order
    expect(() => C.decodeEd25519PublicKey(identity)).toThrow(C.PointEncodingError);
    const nonCanonical = new Uint8Array(32).fill(0xff);
    nonCanonical[31] = 0x7f; // y = 2^255 − 1 ≥ p
    expect(() => C.decodeEd25519PublicKey(nonCanonical)).toThrow(C.PointEncodingError);
    expect(C.edVerify(identity, msg, sig)).toBe(false);
  });
});
