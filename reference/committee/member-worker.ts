// One committee member in its own worker thread: it holds its own secp256k1 key and nothing else,
// and signs only what it checked itself. A relay message it signs as given (its digest computed
// here); a re-encryption it signs only if recomputing it from the grant's key and the anchored
// ciphertext gives exactly the bytes it is asked to vouch for.
import { parentPort, workerData } from "node:worker_threads";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { equalBytes } from "@noble/curves/utils.js";
import { relayDigest, reEncryptionDigest, type ReEncryptionClaim, type RelayMessage } from "../chains/relay-proof.ts";
import { recomputeReEncryption } from "./reencryption-check.ts";

/** A job for a member. */
export type MemberTask = { kind: "relay"; message: RelayMessage } | { kind: "reencryption"; claim: ReEncryptionClaim };
/** A task with the id its answer carries. */
export type MemberJob = MemberTask & { id: number };
/** A member's answer: its signature, or why it refused to sign. */
export type MemberAnswer = { id: number; signature: Hex } | { id: number; refused: string };

const account = privateKeyToAccount((workerData as { key: Hex }).key);

async function answer(job: MemberJob): Promise<MemberAnswer> {
  if (job.kind === "relay") return { id: job.id, signature: await account.sign({ hash: relayDigest(job.message) }) };
  const c = job.claim;
  let expected: Uint8Array;
  try {
    expected = recomputeReEncryption(hexToBytes(c.reKey), hexToBytes(c.ciphertext));
  } catch (e) {
    return { id: job.id, refused: `the grant's key or the anchored ciphertext does not decode (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!equalBytes(expected, hexToBytes(c.reCiphertext))) return { id: job.id, refused: `the re-encryption of request ${c.requestId} is not the one its grant and anchored ciphertext give (expected ${bytesToHex(expected).slice(0, 18)}…)` };
  return { id: job.id, signature: await account.sign({ hash: reEncryptionDigest(c) }) };
}

parentPort!.on("message", (job: MemberJob) => {
  answer(job).then(
    (a) => parentPort!.postMessage(a),
    (e: unknown) => parentPort!.postMessage({ id: job.id, refused: `member failed: ${e instanceof Error ? e.message : String(e)}` }),
  );
});
parentPort!.postMessage({ ready: account.address });
