// One share driven phase by phase against chains that may go down, with the relay in its own
// process. Before each of its own steps the driver asks the chains what is already done (so a step
// that went through before a fault is not repeated); for the relay's steps it waits for their
// result on chain. A fault hook runs between phases. The outcome says whether the share completed,
// or where it stopped and why.
import { hexToBytes, type Hex } from "viem";
import { equalBytes } from "@noble/curves/utils.js";
import type { Deployment } from "./setup.ts";
import type { RelayNotice } from "../reference/roles/notice.ts";
import { decodedCall } from "../reference/audit/chain-view.ts";
import { accessRecord, anchorRecord, fileRequest, grant, phrFor, runsOf } from "./share-steps.ts";

/** Where faults can be injected: after each phase. */
export type FaultPoint = "after-upload" | "after-request" | "after-carry" | "after-grant" | "after-transfer";

/** How a share ended. */
export interface ShareOutcome {
  completed: boolean;
  /** The last phase that finished. */
  reached: string;
  /** Where it stopped, and why (when not completed). */
  stoppedAt?: string;
  reason?: string;
  recordId?: Hex;
  requestId?: Hex;
  /** HB decrypted exactly the device's PHR. */
  recovered?: boolean;
}

/** Options of a resumable share. */
export interface ResumableOptions {
  /** Run at each fault point; a test restarts a node or kills the relay here. */
  onPoint?: (p: FaultPoint, ids: { recordId?: Hex; requestId?: Hex }) => Promise<void>;
  /** How long to wait for the relay's steps (ms). */
  relayTimeoutMs?: number;
}

class Stop extends Error {
  constructor(
    readonly phase: string,
    reason: string,
  ) {
    super(reason);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `probe` until it yields a value (errors of a node that is down count as "not yet"). */
async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch {
      // the node is down or restarting: keep polling
    }
    if (Date.now() > deadline) return undefined;
    await sleep(50);
  }
}

/** The committee proof the relay submitted with an event's transaction (from its calldata), as a role's notice. */
export async function noticeFromChain(dep: Deployment, chain: "A" | "B", requestId: Hex): Promise<RelayNotice | undefined> {
  const d = dep.world.deployment;
  const c = chain === "A" ? dep.world.chains.a : dep.world.chains.b;
  const contract = chain === "A" ? d.a.phrIndex : d.b.exchange;
  const [ev] = await c.events({ contract, eventName: chain === "A" ? "RequestAccepted" : "Delivered", args: { requestId } });
  if (!ev) return undefined;
  const call = await decodedCall(c, contract.abi, ev.transactionHash);
  return { requestId, txHash: ev.transactionHash, proof: hexToBytes(call.args[1] as Hex), gasUsed: 0n };
}

async function exists(dep: Deployment, chain: "A" | "B", eventName: string, requestId: Hex): Promise<boolean> {
  const d = dep.world.deployment;
  const c = chain === "A" ? dep.world.chains.a : dep.world.chains.b;
  return (await c.events({ contract: chain === "A" ? d.a.phrIndex : d.b.exchange, eventName, args: { requestId } })).length > 0;
}

/** Drive share `n` to the end, or to a clear stop. */
export async function runResumableShare(dep: Deployment, n: string, opts: ResumableOptions = {}): Promise<ShareOutcome> {
  const timeout = opts.relayTimeoutMs ?? 30_000;
  const { sh } = runsOf(n);
  const out: ShareOutcome = { completed: false, reached: "start" };
  const hook = async (p: FaultPoint) => opts.onPoint?.(p, { ...(out.recordId ? { recordId: out.recordId } : {}), ...(out.requestId ? { requestId: out.requestId } : {}) });
  const phase = async (name: string, f: () => Promise<void>) => {
    try {
      await f();
    } catch (e) {
      throw e instanceof Stop ? e : new Stop(name, e instanceof Error ? e.message.split("\n")[0]! : String(e));
    }
    out.reached = name;
  };
  try {
    await phase("upload", async () => {
      out.recordId = await anchorRecord(dep, n);
    });
    await hook("after-upload");
    await phase("request", async () => {
      const recordId = out.recordId!;
      const [rec] = await dep.world.chains.a.events({ contract: dep.world.deployment.a.phrIndex, eventName: "RecordAnchored", args: { recordId } });
      if (!rec) throw new Stop("request", `record ${recordId} is no longer on chain A (its node lost its ledger)`);
      out.requestId = (await fileRequest(dep, n)).requestId;
    });
    await hook("after-request");
    await phase("carry-request", async () => {
      const ok = await waitFor(async () => ((await exists(dep, "A", "RequestAccepted", out.requestId!)) ? true : undefined), timeout);
      if (!ok) {
        const onB = await exists(dep, "B", "RequestFiled", out.requestId!).catch(() => false);
        throw new Stop("carry-request", onB ? `the relay did not carry request ${out.requestId} to chain A within ${timeout / 1000} s` : `chain B no longer holds request ${out.requestId} (its node lost its ledger)`);
      }
    });
    await hook("after-carry");
    await phase("authorisation", async () => {
      if (await exists(dep, "A", "Granted", out.requestId!)) return; // granted before the fault
      const notice = await noticeFromChain(dep, "A", out.requestId!);
      if (!notice) throw new Stop("authorisation", `request ${out.requestId} is no longer accepted on chain A`);
      await dep.patients[0]!.receiveRequest(sh, notice);
      await grant(dep, n);
    });
    await hook("after-grant");
    await phase("transfer", async () => {
      const ok = await waitFor(async () => ((await exists(dep, "B", "Delivered", out.requestId!)) ? true : undefined), timeout);
      if (!ok) throw new Stop("transfer", `the relay did not deliver request ${out.requestId} to chain B within ${timeout / 1000} s`);
    });
    await hook("after-transfer");
    await phase("access", async () => {
      if (await exists(dep, "B", "Acknowledged", out.requestId!)) return;
      const notice = await noticeFromChain(dep, "B", out.requestId!);
      if (!notice) throw new Stop("access", `the delivery for request ${out.requestId} is no longer on chain B`);
      // The relay runs as its own process and reads the acknowledgement from chain B itself.
      const { phr } = await accessRecord(dep, n, notice, { relayReadsAck: false });
      out.recovered = equalBytes(phr, phrFor(n));
    });
    out.completed = true;
  } catch (e) {
    out.stoppedAt = e instanceof Stop ? e.phase : out.reached;
    out.reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
  }
  return out;
}
