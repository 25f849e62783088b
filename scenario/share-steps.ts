// The honest share split into its steps, so a scenario can run it up to the point of attack, attack,
// and (where the attack was rejected) let the honest parties carry on. Runs are named as runShare
// names them: "upload-<n>" for the upload, "share-<n>" for the share.
import type { Hex } from "viem";
import type { Deployment } from "./setup.ts";
import { phrBytes, syntheticPhr } from "./phr.ts";
import type { HospitalB } from "../reference/roles/hospital-b.ts";
import type { RelayNotice } from "../reference/roles/notice.ts";

/** The run names of share `n`. */
export const runsOf = (n: string) => ({ up: `upload-${n}`, sh: `share-${n}` });

/** A synthetic PHR for share `n`. */
export function phrFor(n: string): Uint8Array {
  return phrBytes(syntheticPhr(`attacks/${n}`, "patient", "device"));
}

/** Device → firewall → HA → chain A; the patient reads the record in run `sh`. */
export async function anchorRecord(dep: Deployment, n: string, patient = 0): Promise<Hex> {
  const { up, sh } = runsOf(n);
  const w = dep.world;
  const up1 = dep.devices[patient]!.upload(up, phrFor(n), await w.chains.a.now());
  const up2 = await dep.firewall.filter(up, up1);
  const accepted = await dep.ha.acceptUpload(up, up2);
  const { recordId } = await dep.ha.anchor(sh, accepted);
  await dep.patients[patient]!.observeRecord(sh, recordId);
  return recordId;
}

/** The patient reads an anchored record in another run (another request for the same record). */
export async function observeAgain(dep: Deployment, n: string, recordId: Hex, patient = 0): Promise<void> {
  await dep.patients[patient]!.observeRecord(runsOf(n).sh, recordId);
}

/** The patient hands `hb` the record (in1) and `hb` files its request on chain B (rq1). */
export async function fileRequest(dep: Deployment, n: string, hb: HospitalB = dep.hb, patient = 0): Promise<{ requestId: Hex; txHash: Hex }> {
  const { sh } = runsOf(n);
  await hb.receiveIntro(sh, dep.patients[patient]!.introduce(sh));
  const r = await hb.request(sh);
  return { requestId: r.requestId, txHash: r.txHash };
}

/** The honest relay carries the request to chain A (rq2) and the patient receives it. */
export async function carryRequest(dep: Deployment, n: string, requestTx: Hex, patient = 0): Promise<RelayNotice> {
  const { sh } = runsOf(n);
  const notice = await dep.relay.carryRequest(sh, requestTx);
  await dep.patients[patient]!.receiveRequest(sh, notice);
  return notice;
}

/** HB receives the delivery, fetches and opens the blob, acknowledges; the relay reads the acknowledgement. */
export async function access(dep: Deployment, n: string, delivery: RelayNotice, hb: HospitalB = dep.hb): Promise<Uint8Array> {
  const { sh } = runsOf(n);
  await hb.receiveDelivery(sh, delivery);
  const phr = await hb.fetchRecord(sh);
  await hb.acknowledge(sh);
  await dep.relay.receiveAck(sh);
  return phr;
}

/** A whole honest share; returns the handles a replay needs. */
export async function fullShare(dep: Deployment, n: string): Promise<{ recordId: Hex; requestId: Hex; requestTx: Hex; request: RelayNotice; delivery: RelayNotice }> {
  const { sh } = runsOf(n);
  const recordId = await anchorRecord(dep, n);
  const { requestId, txHash } = await fileRequest(dep, n);
  const request = await carryRequest(dep, n, txHash);
  await dep.patients[0]!.grant(sh);
  const delivery = await dep.relay.reEncryptAndDeliver(sh);
  await access(dep, n, delivery);
  return { recordId, requestId, requestTx: txHash, request, delivery };
}
