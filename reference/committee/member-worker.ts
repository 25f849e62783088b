// One committee member in its own worker thread: it holds its own secp256k1 key and nothing else,
// and signs only what it checked itself (member-check.ts).
import { parentPort, workerData } from "node:worker_threads";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { answerJob, type MemberJob } from "./member-check.ts";

export type { MemberAnswer, MemberJob, MemberTask } from "./member-check.ts";

const account = privateKeyToAccount((workerData as { key: Hex }).key);

parentPort!.on("message", (job: MemberJob) => {
  answerJob(account, job).then(
    (a) => parentPort!.postMessage(a),
    (e: unknown) => parentPort!.postMessage({ id: job.id, refused: `member failed: ${e instanceof Error ? e.message : String(e)}` }),
  );
});
parentPort!.postMessage({ ready: account.address });
