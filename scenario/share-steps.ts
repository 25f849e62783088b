// The honest share, step by step, written once. The demo (share.ts) times these steps per phase,
// the fault rig (resumable-share.ts) resumes them around crashes, and the attack gallery, fuzzing
// and the benchmarks run them up to the point of attack, attack, and (where the attack was
// rejected) let the honest parties carry on. Runs are named "upload-<n>" for the upload and
// "share-<n>" for the share. Each step returns the gas its own transactions used.
import type { Hex } from "viem";
import type { Deployment } from "./setup.ts";
import { phrBytes, syntheticPhr } from "./phr.ts";
import type { HospitalB } from "../reference/roles/hospital-b.ts";
import type { RelayNotice } from "../reference/roles/notice.ts";
import { CheckFailed } from "../reference/semantics/violations.ts";

/** The run names of share `n`. */
export const runsOf = (n: string) => ({ up: `upload-${n}`, sh: `share-${n}` });

/** A synthetic PHR for share `n`. */
export function phrFor(n: string): Uint8Array {
  return phrBytes(syntheticPhr(`attacks/${n}`, "patient", "device"));
}

/** Device → firewall → HA → chain A (up1, up2, an1); the patient reads the record in run `sh`. */
export async function uploadRecord(dep: Deployment, n: string, opts: { patient?: number; phr?: Uint8Array } = {}): Promise<{ recordId: Hex; gasUsed: bigint }> {
  const { up, sh } = runsOf(n);
  const patient = opts.patient ?? 0;
  const up1 = dep.devices[patient]!.upload(up, opts.phr ?? phrFor(n), await dep.world.chains.a.now());
  const up2 = await dep.firewall.filter(up, up1);
  const accepted = await dep.ha.acceptUpload(up, up2);
  const { recordId, gasUsed } = await dep.ha.anchor(sh, accepted);
  await dep.patients[patient]!.observeRecord(sh, recordId);
  return { recordId, gasUsed };
}

/** uploadRecord with share `n`'s synthetic PHR; returns the record id. */
export async function anchorRecord(dep: Deployment, n: string, patient = 0): Promise<Hex> {
  return (await uploadRecord(dep, n, { patient })).recordId;
}

/** The patient reads an anchored record in another run (another request for the same record). */
export async function observeAgain(dep: Deployment, n: string, recordId: Hex, patient = 0): Promise<void> {
  await dep.patients[patient]!.observeRecord(runsOf(n).sh, recordId);
}

/** The patient hands `hb` the record (in1) and `hb` files its request on chain B (rq1). */
export async function fileRequest(dep: Deployment, n: string, hb: HospitalB = dep.hb, patient = 0): Promise<{ requestId: Hex; txHash: Hex; gasUsed: bigint }> {
  const { sh } = runsOf(n);
  await hb.receiveIntro(sh, dep.patients[patient]!.introduce(sh));
  return hb.request(sh);
}

/**
 * The honest relay carries the request to chain A (rq2) and the patient receives it. With `refuse`,
 * the patient withholds consent: her rq2.consent check fails, which ends her run as the spec says.
 */
export async function carryRequest(dep: Deployment, n: string, requestTx: Hex, patient = 0, opts: { refuse?: boolean } = {}): Promise<RelayNotice> {
  const { sh } = runsOf(n);
  const notice = await dep.relay.carryRequest(sh, requestTx);
  await dep.patients[patient]!.receiveRequest(sh, notice, () => !opts.refuse).catch((e: unknown) => {
    if (!(opts.refuse && e instanceof CheckFailed && e.checkId === "rq2.consent")) throw e;
  });
  return notice;
}

/** The patient grants the request of share `n` on chain A (gr1). */
export async function grant(dep: Deployment, n: string, patient = 0): Promise<{ gasUsed: bigint }> {
  return dep.patients[patient]!.grant(runsOf(n).sh);
}

/** The patient refuses the request of share `n` on chain A, and the relay carries the refusal to chain B. */
export async function refuse(dep: Deployment, n: string, patient = 0): Promise<{ notice: RelayNotice; gasUsed: bigint }> {
  const r = await dep.patients[patient]!.refuse(runsOf(n).sh);
  const notice = await dep.relay.carryRefusal(r.txHash);
  return { notice, gasUsed: r.gasUsed + notice.gasUsed };
}

/** The relay re-encrypts under the grant and delivers to chain B (dl1). */
export async function transfer(dep: Deployment, n: string): Promise<RelayNotice> {
  return dep.relay.reEncryptAndDeliver(runsOf(n).sh);
}

/**
 * HB receives the delivery, fetches and opens the blob (fe1) and acknowledges (ak1); unless the
 * relay runs as its own process (`relayReadsAck: false`), the relay role reads the acknowledgement.
 */
export async function accessRecord(dep: Deployment, n: string, delivery: RelayNotice, opts: { hb?: HospitalB; relayReadsAck?: boolean } = {}): Promise<{ phr: Uint8Array; gasUsed: bigint }> {
  const { sh } = runsOf(n);
  const hb = opts.hb ?? dep.hb;
  await hb.receiveDelivery(sh, delivery);
  const phr = await hb.fetchRecord(sh);
  const ack = await hb.acknowledge(sh);
  if (opts.relayReadsAck ?? true) await dep.relay.receiveAck(sh);
  return { phr, gasUsed: ack.gasUsed };
}

/** accessRecord by `hb`; returns the PHR it decrypted. */
export async function access(dep: Deployment, n: string, delivery: RelayNotice, hb: HospitalB = dep.hb): Promise<Uint8Array> {
  return (await accessRecord(dep, n, delivery, { hb })).phr;
}

/** A whole honest share; returns the handles a replay needs. */
export async function fullShare(dep: Deployment, n: string): Promise<{ recordId: Hex; requestId: Hex; requestTx: Hex; request: RelayNotice; delivery: RelayNotice }> {
  const recordId = await anchorRecord(dep, n);
  const { requestId, txHash } = await fileRequest(dep, n);
  const request = await carryRequest(dep, n, txHash);
  await grant(dep, n);
  const delivery = await transfer(dep, n);
  await access(dep, n, delivery);
  return { recordId, requestId, requestTx: txHash, request, delivery };
}
