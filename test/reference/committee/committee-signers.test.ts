// The committee's members sign in their own workers, each only after recomputing the re-encryption:
// a correct claim gets a proof the contracts accept, a wrong one gets no signature from any member.
import { afterAll, describe, expect, it } from "vitest";
import { bytesToHex, type Address, type Hex } from "viem";
import { reEncryptionDigest, relayDigest, verifyProof, type ReEncryptionClaim } from "../../../reference/chains/relay-proof.ts";
import { labelledAccount } from "../../../reference/chains/dev-accounts.ts";
import {
  encodeGrantToken,
  grantTokenFor,
  encodeReKey,
  encodeSecondLevelCiphertext,
  preEncrypt,
  preGrantKey,
  preKeyGen,
  preReKey,
  seededRng,
} from "../../../reference/crypto/index.ts";
import { CommitteeSigners, ThresholdNotReached } from "../../../reference/committee/committee-signers.ts";
import { recomputeReEncryption } from "../../../reference/committee/reencryption-check.ts";
import { devAccountKey } from "./keys.ts";

const rng = seededRng("test/committee-signers");
const owner = preKeyGen(rng);
const delegatee = preKeyGen(rng);
const { ct } = preEncrypt(owner.pk, undefined, rng);
const ciphertext = encodeSecondLevelCiphertext(ct);
const grant = encodeGrantToken(grantTokenFor(preGrantKey(owner.sk, ct, delegatee.pk.g2a2, rng), ciphertext));
const members = [0, 1, 2].map((i) => devAccountKey(`test/committee-signers/${i}`));
const committee = new CommitteeSigners(members, 2);
const addresses = members.map((m) => m.address as Address);
afterAll(async () => {
  await committee.close();
});

const claim = (reKey: Uint8Array, reCiphertext: Uint8Array): ReEncryptionClaim => ({
  chainId: 7001n,
  phrIndex: labelledAccount("test/committee-signers/phr").address,
  requestId: `0x${"ab".repeat(32)}` as Hex,
  reKey: bytesToHex(reKey),
  ciphertext: bytesToHex(ciphertext),
  reCiphertext: bytesToHex(reCiphertext),
});

describe("re-encryption recomputation", () => {
  it("is deterministic for both the record-bound grant and the pre-fix key, and differs across them", () => {
    const legacy = encodeReKey(preReKey(owner.sk, delegatee.pk.g2a2));
    expect(recomputeReEncryption(grant, ciphertext)).toEqual(recomputeReEncryption(grant, ciphertext));
    expect(recomputeReEncryption(legacy, ciphertext)).toEqual(recomputeReEncryption(legacy, ciphertext));
    expect(recomputeReEncryption(grant, ciphertext)).not.toEqual(recomputeReEncryption(legacy, ciphertext));
  });

  it("refuses a grant token made for another ciphertext", () => {
    const other = encodeSecondLevelCiphertext(preEncrypt(owner.pk, undefined, rng).ct);
    expect(() => recomputeReEncryption(grant, other)).toThrow();
  });
});

describe("committee signers (one worker per member)", () => {
  it("sign a correct re-encryption: t signatures over the contract's digest, by distinct members", async () => {
    const c = claim(grant, recomputeReEncryption(grant, ciphertext));
    const proof = await committee.reEncryptionProof(c);
    const signers = await verifyProof(reEncryptionDigest(c), proof, addresses, 2);
    expect(signers).toHaveLength(2);
  }, 60_000);

  it("refuse, every one of them, a re-encryption that is not the recomputed one", async () => {
    const right = recomputeReEncryption(grant, ciphertext);
    const wrong = right.slice();
    wrong[300] ^= 1;
    const e = await committee.reEncryptionProof(claim(grant, wrong)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ThresholdNotReached);
    expect((e as ThresholdNotReached).signed).toBe(0);
    // Every member was asked (the first t refused, so the rest were asked too), and every one refused.
    expect((e as ThresholdNotReached).refusals.map((r) => r.member).sort()).toEqual([...addresses].sort());
  }, 60_000);

  it("sign relay messages over the relay digest", async () => {
    const m = { srcChainId: 7002n, srcContract: addresses[0]!, dstChainId: 7001n, dstContract: addresses[1]!, srcEntryHash: `0x${"cd".repeat(32)}` as Hex, payload: "0x1234" as Hex };
    const proof = await committee.relayProof(m);
    expect(await verifyProof(relayDigest(m), proof, addresses, 2)).toHaveLength(2);
    await expect(verifyProof(relayDigest({ ...m, payload: "0x1235" }), proof, addresses, 2)).rejects.toThrow(/UnknownSigner/);
  }, 60_000);
});
