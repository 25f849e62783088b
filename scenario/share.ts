// One record's journey, phase by phase: upload through the firewall, anchoring, the cross-chain
// request, the patient's decision, re-encryption and transfer, access and acknowledgement — the
// steps of share-steps.ts, measured.
import { equalBytes } from "@noble/curves/utils.js";
import type { Deployment } from "./setup.ts";
import { accessRecord, carryRequest, fileRequest, grant, refuse, runsOf, transfer, uploadRecord } from "./share-steps.ts";
import { MedExChainError } from "../protocol/errors.ts";

export interface PhaseResult {
  readonly name: string;
  readonly ms: number;
  readonly bytes: number;
  readonly gas: bigint;
}

export interface ShareResult {
  readonly upload: string;
  readonly share: string;
  readonly phases: PhaseResult[];
  /** The PHR hospital B decrypted (undefined when the patient refused). */
  readonly recovered?: Uint8Array;
  readonly refused: boolean;
  readonly recordId: string;
}

/**
 * Run one record from device to hospital B (or to a recorded refusal): the honest steps of
 * share-steps.ts, each phase timed, its messages' bytes counted from the trace and its gas summed.
 */
export async function runShare(dep: Deployment, opts: { patient: number; phr: Uint8Array; run: string; refuse?: boolean }): Promise<ShareResult> {
  const { world } = dep;
  const n = opts.run;
  const { up, sh } = runsOf(n);
  const phases: PhaseResult[] = [];
  const bytesOf = (labels: string[], from: number) =>
    world.trace.events.slice(from).reduce((total, e) => total + (e.kind === "send" && labels.includes(e.label) ? e.bytes.length / 2 : 0), 0);
  const phase = async <T>(name: string, labels: string[], f: () => Promise<{ value: T; gas: bigint }>): Promise<T> => {
    const mark = world.trace.events.length;
    const t0 = performance.now();
    const { value, gas } = await f();
    phases.push({ name, ms: performance.now() - t0, bytes: bytesOf(labels, mark), gas });
    return value;
  };

  const recordId = await phase("upload", ["up1", "up2", "an1", "fe1"], async () => {
    const r = await uploadRecord(dep, n, { patient: opts.patient, phr: opts.phr });
    return { value: r.recordId, gas: r.gasUsed };
  });

  await phase("request", ["in1", "rq1", "rq2"], async () => {
    const r = await fileRequest(dep, n, dep.hb, opts.patient);
    const notice = await carryRequest(dep, n, r.txHash, opts.patient, { refuse: opts.refuse });
    return { value: notice, gas: r.gasUsed + notice.gasUsed };
  });

  if (opts.refuse) {
    await phase("authorisation", [], async () => {
      const r = await refuse(dep, n, opts.patient);
      return { value: r.notice, gas: r.gasUsed };
    });
    return { upload: up, share: sh, phases, refused: true, recordId };
  }

  await phase("authorisation", ["gr1"], async () => {
    const g = await grant(dep, n, opts.patient);
    return { value: g, gas: g.gasUsed };
  });

  const delivered = await phase("transfer", ["dl1"], async () => {
    const d = await transfer(dep, n);
    return { value: d, gas: d.gasUsed };
  });

  const recovered = await phase("access", ["fe1", "ak1"], async () => {
    const a = await accessRecord(dep, n, delivered);
    return { value: a.phr, gas: a.gasUsed };
  });
  if (!equalBytes(recovered, opts.phr)) throw new ShareMismatchError(recordId);
  return { upload: up, share: sh, phases, recovered, refused: false, recordId };
}

/** Hospital B decrypted something other than the device's PHR: the share is broken end to end. */
export class ShareMismatchError extends MedExChainError {
  constructor(readonly recordId: string) {
    super("E_SHARE_MISMATCH", `hospital B decrypted a record different from the device's original (record ${recordId})`, "run `npx medexchain conformance` on the trace to find the step that changed it");
  }
}
