// The parties as separate long-running processes on `hardhat node` chains: each kind of service
// (committee member, relay carrier, patient agent, hospital B, hospital A, the firewall) is killed
// mid-run and restarted from its data directory; every upload is anchored exactly once and every
// share still completes exactly once — one acceptance, grant, re-encryption, delivery and
// acknowledgement — with a clean audit.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { LocalDeployment } from "../../../scenario/local-deployment.ts";
import { phrFor } from "../../../scenario/share-steps.ts";
import { auditDeployment } from "../../../reference/audit/auditor.ts";
import { sendUpload } from "../../../reference/service/device-client.ts";
import { callJson, ServiceCallError } from "../../../reference/service/json-http.ts";
import { loadEvmIdentity } from "../../../reference/service/party-keys.ts";
import { Firewall } from "../../../reference/roles/firewall.ts";
import { decodeMessage, encodeMessage, messageOf } from "../../../reference/wire/codec.ts";
import { sizeOf } from "../../../reference/semantics/sizes.ts";
import { bytesToHex } from "viem";

const flip = (b: Uint8Array) => {
  const c = Uint8Array.from(b);
  c[c.length - 1]! ^= 1;
  return c;
};

let ld: LocalDeployment;
const dir = mkdtempSync(join(tmpdir(), "medex-services-"));

beforeAll(async () => {
  ld = await LocalDeployment.up({ dir, patients: 1 });
}, 180_000);
afterAll(async () => {
  await ld?.down();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function count(chain: "A" | "B", eventName: string, requestId: Hex): Promise<number> {
  const d = ld.dep.world.deployment;
  const c = chain === "A" ? ld.chains.a : ld.chains.b;
  return (await c.events({ contract: chain === "A" ? d.a.phrIndex : d.b.exchange, eventName, args: { requestId } })).length;
}

async function acknowledged(requestId: Hex, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await count("B", "Acknowledged", requestId)) > 0) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function anchors(recordId?: Hex): Promise<number> {
  const d = ld.dep.world.deployment;
  return (await ld.chains.a.events({ contract: d.a.phrIndex, eventName: "RecordAnchored", ...(recordId ? { args: { recordId } } : {}) })).length;
}

/** Share `recordId` and wait for its acknowledgement; the request id. */
async function shareAndWait(shareId: string, recordId: Hex): Promise<Hex> {
  const requestId = await ld.startShare(shareId, recordId);
  expect(await acknowledged(requestId), `share ${shareId}:\n${ld.service("hospital-b").lines.slice(-10).join("\n")}`).toBe(true);
  return requestId;
}

const sharedIds: Hex[] = [];

describe("hospital A and the firewall killed mid-upload", () => {
  it("every upload is anchored exactly once, and its share completes", async () => {
    const records: Hex[] = [];
    // HA dies at each of its crash points: after saving the accepted upload, and after anchoring it
    // (before saving that). The device keeps retrying the same message until HA is back.
    for (const point of ["after-accept", "after-anchor"]) {
      await ld.restart("hospital-a", ["--crash-at", point]);
      const upload = ld.upload(phrFor(`ha-${point}`), { backoffMs: 50 });
      expect(await ld.service("hospital-a").exited()).toBe(137);
      expect(ld.service("hospital-a").lines.some((l) => l.includes(`"crashed":"${point}"`))).toBe(true);
      await ld.service("hospital-a").start();
      records.push(await upload);
    }
    // The firewall killed (SIGKILL) while an upload goes through it, then started again.
    const upload = ld.upload(phrFor("firewall-killed"), { backoffMs: 50 });
    await new Promise((r) => setTimeout(r, 30));
    await ld.restart("firewall");
    records.push(await upload);
    // HA killed with no crash point while uploads are in flight.
    const inFlight = [0, 1, 2].map((i) => ld.upload(phrFor(`ha-killed-${i}`), { backoffMs: 50 }));
    await new Promise((r) => setTimeout(r, 200));
    await ld.restart("hospital-a");
    records.push(...(await Promise.all(inFlight)));

    expect(new Set(records).size).toBe(records.length);
    for (const r of records) expect(await anchors(r), `anchors of ${r}`).toBe(1);
    const counters = (await ld.status())["hospital-a"]!.counters;
    expect(counters["pending"]).toBe(0);
    sharedIds.push(...(await Promise.all(records.map((r, i) => shareAndWait(`up-${i}`, r)))));
  }, 180_000);

  it("a device retrying the same upload gets the same record id, and nothing twice", async () => {
    const device = ld.dep.devices[0]!;
    const up1 = device.upload("retry", phrFor("retry"), await ld.chains.a.now());
    device.endRun("retry");
    const first = await sendUpload(ld.service("firewall").url!, up1);
    const again = await sendUpload(ld.service("firewall").url!, up1);
    expect(first.repeated).toBe(false);
    expect(again).toEqual({ recordId: first.recordId, repeated: true });
    expect(await anchors(first.recordId)).toBe(1);
  }, 60_000);

  it("refuses a tampered or replayed upload with a named error and anchors nothing", async () => {
    const before = await anchors();
    const device = ld.dep.devices[0]!;
    const up1 = device.upload("tamper", phrFor("tamper"), await ld.chains.a.now());
    device.endRun("tamper");
    const spec = ld.dep.world.specs.upload;
    const up1Fields = decodeMessage(messageOf(spec, "up1"), up1, sizeOf);
    // A device signature that does not verify: the firewall drops it before HA sees anything.
    const badSig = encodeMessage(messageOf(spec, "up1"), { ...up1Fields, sig_D: flip(up1Fields["sig_D"]!) }, sizeOf);
    const e1 = await sendUpload(ld.service("firewall").url!, badSig).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ServiceCallError);
    expect(e1).toMatchObject({ status: 400, remoteCode: "E_CHECK_FAILED" });
    expect((e1 as Error).message).toMatch(/up1\.sig/);

    // The honest upload goes through; the same device upload re-randomised anew (another up2 with the
    // same device, timestamp and CID: a replayed device nonce) is refused by HA.
    const { recordId } = await sendUpload(ld.service("firewall").url!, up1);
    const fw = new Firewall(ld.dep.world, loadEvmIdentity(join(dir, "firewall"), "firewall"));
    const replayed = await fw.filter("replay", up1);
    const e2 = await callJson(ld.service("hospital-a").url!, "/upload", { up2: bytesToHex(replayed) }).catch((e: unknown) => e);
    expect(e2).toMatchObject({ status: 400, remoteCode: "E_REPLAY" });

    // A firewall countersignature that does not verify, on an upload HA has not seen, sent to HA directly.
    const fresh = device.upload("forged", phrFor("forged"), await ld.chains.a.now());
    device.endRun("forged");
    const up2Fields = decodeMessage(messageOf(spec, "up2"), await fw.filter("forged", fresh), sizeOf);
    const forged = encodeMessage(messageOf(spec, "up2"), { ...up2Fields, sig_F: flip(up2Fields["sig_F"]!) }, sizeOf);
    const e3 = await callJson(ld.service("hospital-a").url!, "/upload", { up2: bytesToHex(forged) }).catch((e: unknown) => e);
    expect(e3).toMatchObject({ status: 400, remoteCode: "E_CHECK_FAILED" });
    expect((e3 as Error).message).toMatch(/up2\.sig/);
    // The flipped byte makes another signer (E_BAD_SIGNATURE) or no signer at all (E_SIGNATURE).
    expect(["E_BAD_SIGNATURE", "E_SIGNATURE"]).toContain((e3 as ServiceCallError).remoteCause);

    // A stale device timestamp (an old upload replayed past the freshness window): the firewall's up1.ts check.
    const old = device.upload("stale", phrFor("stale"), 1n);
    device.endRun("stale");
    const e4 = await sendUpload(ld.service("firewall").url!, old).catch((e: unknown) => e);
    expect(e4).toMatchObject({ status: 400, remoteCode: "E_CHECK_FAILED", remoteCause: "E_STALE" });

    expect(await anchors()).toBe(before + 1);
    expect(await anchors(recordId)).toBe(1);
  }, 60_000);
});

describe("services killed and restarted mid-run", () => {
  it("every share completes exactly once with a clean audit", async () => {
    const kills: [string, string][] = [
      ["member-0", "after the request is handed over"],
      ["relay", "after the request is handed over"],
      ["patient-0", "after the request is handed over"],
      ["hospital-b", "after the request is handed over"],
    ];
    const ids: Hex[] = [...sharedIds];
    for (const [victim] of kills) {
      const recordId = await ld.upload(phrFor(`svc-${victim}`));
      const requestId = await ld.startShare(`s-${victim}`, recordId);
      ids.push(requestId);
      await ld.restart(victim);
      const done = await acknowledged(requestId);
      expect(done, `share after killing ${victim}:\n${ld.service(victim).lines.slice(-10).join("\n")}\nrelay:\n${ld.service("relay").lines.slice(-10).join("\n")}`).toBe(true);
    }
    expect(ids.length).toBeGreaterThanOrEqual(kills.length);
    for (const id of ids)
      for (const [chain, ev] of [["A", "RequestAccepted"], ["A", "Granted"], ["A", "ReEncrypted"], ["B", "Delivered"], ["B", "Acknowledged"]] as const) expect(await count(chain, ev, id), `${ev} of ${id}`).toBe(1);
    const audit = await auditDeployment(ld.dep.world.deployment);
    expect(audit.findings).toEqual([]);
    for (const id of ids) expect(audit.shares.find((s) => s.requestId.toLowerCase() === id.toLowerCase())!.steps.map((s) => s.phase)).toEqual(["REQUEST", "RELAY", "REQUEST_ACCEPTED", "GRANT", "REENCRYPT", "RELAY", "DELIVER", "ACK"]);
    const status = await ld.status();
    expect(status["hospital-b"]!.counters["acknowledged"] ?? 0).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
