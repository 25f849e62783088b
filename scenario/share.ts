// One record's journey, phase by phase: upload through the firewall, anchoring, the cross-chain
// request, the patient's decision, re-encryption and transfer, access and acknowledgement.
import { equalBytes } from "@noble/curves/utils.js";
import type { Deployment } from "./setup.ts";
import { CheckFailed } from "../reference/semantics/violations.ts";

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

/** Run one record from device to hospital B (or to a recorded refusal). */
export async function runShare(dep: Deployment, opts: { patient: number; phr: Uint8Array; run: string; refuse?: boolean }): Promise<ShareResult> {
  const { world } = dep;
  const device = dep.devices[opts.patient]!;
  const patient = dep.patients[opts.patient]!;
  const up = `upload-${opts.run}`;
  const sh = `share-${opts.run}`;
  const phases: PhaseResult[] = [];
  const bytesOf = (labels: string[], from: number) =>
    world.trace.events.slice(from).reduce((n, e) => n + (e.kind === "send" && labels.includes(e.label) ? e.bytes.length / 2 : 0), 0);
  const phase = async <T>(name: string, labels: string[], f: () => Promise<{ value: T; gas: bigint }>): Promise<T> => {
    const mark = world.trace.events.length;
    const t0 = performance.now();
    const { value, gas } = await f();
    phases.push({ name, ms: performance.now() - t0, bytes: bytesOf(labels, mark), gas });
    return value;
  };

  const recordId = await phase("upload", ["up1", "up2", "an1", "fe1"], async () => {
    const up1 = device.upload(up, opts.phr, await world.chains.a.now());
    const up2 = await dep.firewall.filter(up, up1);
    const accepted = await dep.ha.acceptUpload(up, up2);
    const a = await dep.ha.anchor(sh, accepted);
    await patient.observeRecord(sh, a.recordId);
    return { value: a.recordId, gas: a.gasUsed };
  });

  await phase("request", ["in1", "rq1", "rq2"], async () => {
    await dep.hb.receiveIntro(sh, patient.introduce(sh));
    const r = await dep.hb.request(sh);
    const n = await dep.relay.carryRequest(sh, r.txHash);
    // Refusing is the patient's consent check failing: the run ends there, as the spec says.
    await patient.receiveRequest(sh, n, () => !opts.refuse).catch((e: unknown) => {
      if (!(opts.refuse && e instanceof CheckFailed && e.checkId === "rq2.consent")) throw e;
    });
    return { value: n, gas: r.gasUsed + n.gasUsed };
  });

  if (opts.refuse) {
    await phase("authorisation", [], async () => {
      const r = await patient.refuse(sh);
      const n = await dep.relay.carryRefusal(r.txHash);
      return { value: n, gas: r.gasUsed + n.gasUsed };
    });
    return { upload: up, share: sh, phases, refused: true, recordId };
  }

  await phase("authorisation", ["gr1"], async () => {
    const g = await patient.grant(sh);
    return { value: g, gas: g.gasUsed };
  });

  const delivered = await phase("transfer", ["dl1"], async () => {
    const d = await dep.relay.reEncryptAndDeliver(sh);
    return { value: d, gas: d.gasUsed };
  });

  const recovered = await phase("access", ["fe1", "ak1"], async () => {
    await dep.hb.receiveDelivery(sh, delivered);
    const phr = await dep.hb.fetchRecord(sh);
    const ack = await dep.hb.acknowledge(sh);
    await dep.relay.receiveAck(sh);
    return { value: phr, gas: ack.gasUsed };
  });
  if (!equalBytes(recovered, opts.phr)) throw new Error("hospital B decrypted a record different from the device's original");
  return { upload: up, share: sh, phases, recovered, refused: false, recordId };
}
