// What a committee member signs, and only after its own check: a relay message as given (its digest
// computed here); a re-encryption only if recomputing it from the grant's key and the anchored
// ciphertext gives exactly the bytes it is asked to vouch for. Shared by the member's worker thread
// (member-worker.ts) and the member as its own process (member-server.ts).
import { bytesToHex, hexToBytes, type Hex, type LocalAccount } from "viem";
import { equalBytes } from "@noble/curves/utils.js";
import { relayDigest, reEncryptionDigest, type ReEncryptionClaim, type RelayMessage } from "../chains/relay-proof.ts";
import { recomputeReEncryption } from "./reencryption-check.ts";

/** A job for a member. */
export type MemberTask = { kind: "relay"; message: RelayMessage } | { kind: "reencryption"; claim: ReEncryptionClaim };
/** A task with the id its answer carries. */
export type MemberJob = MemberTask & { id: number };
/** A member's answer: its signature, or why it refused to sign. */
export type MemberAnswer = { id: number; signature: Hex } | { id: number; refused: string };

/** The answer of the member holding `account` to `job`. */
export async function answerJob(account: LocalAccount, job: MemberJob): Promise<MemberAnswer> {
  if (job.kind === "relay") return { id: job.id, signature: await account.sign!({ hash: relayDigest(job.message) }) };
  const c = job.claim;
  let expected: Uint8Array;
  try {
    expected = recomputeReEncryption(hexToBytes(c.reKey), hexToBytes(c.ciphertext));
  } catch (e) {
    return { id: job.id, refused: `the grant's key or the anchored ciphertext does not decode (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!equalBytes(expected, hexToBytes(c.reCiphertext))) return { id: job.id, refused: `the re-encryption of request ${c.requestId} is not the one its grant and anchored ciphertext give (expected ${bytesToHex(expected).slice(0, 18)}…)` };
  return { id: job.id, signature: await account.sign!({ hash: reEncryptionDigest(c) }) };
}
