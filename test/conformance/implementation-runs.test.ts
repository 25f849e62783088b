// CI conformance: the reference implementation runs on embedded chains with a trace recorder, and the
// checker judges that very trace — the demo must conform with full coverage, and each fault the
// roles can be switched into (test-only switches the production path never sets) must fail it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specsNamed, SPECS } from "../../protocol/registry.ts";
import type { ChainSet } from "../../reference/chains/adapter.ts";
import { startEmbeddedChains } from "../../reference/chains/embedded.ts";
import { implementation } from "../../conformance/implementation.ts";
import { buildReport } from "../../conformance/report.ts";
import { staticCheck } from "../../conformance/static-check.ts";
import { checkTraces } from "../../conformance/trace-check.ts";
import { runDemo } from "../../scenario/demo.ts";
import { phrBytes, syntheticPhr } from "../../scenario/phr.ts";
import { setupDeployment, type Deployment } from "../../scenario/setup.ts";
import { runShare } from "../../scenario/share.ts";
import { ContractRevertError } from "../../reference/chains/errors.ts";
import type { Faults } from "../../reference/roles/world.ts";
import { MemoryBlobStore } from "../../reference/storage/memory-blob-store.ts";
import { TraceRecorder, type TraceEvent } from "../../reference/trace/events.ts";
import { repoRoot } from "../../cli/repo-root.ts";

const family = specsNamed("MedExChain");
const impl = implementation();
const verdictOf = (events: readonly TraceEvent[]) => checkTraces([{ source: "test", events }], { specs: SPECS, covered: family, sizeOf: impl.sizeOf, semantics: impl.semantics });
const codes = (events: readonly TraceEvent[]) => verdictOf(events).mismatches.map((m) => `${m.code} ${m.role} ${m.label}`);
const phr = (s: string) => phrBytes(syntheticPhr(s, "patient", "device"));

let chains: ChainSet;
beforeAll(async () => {
  chains = await startEmbeddedChains();
});
afterAll(async () => {
  await chains?.close();
});

/** A fresh deployment on the shared chains, recording into its own trace, with the given faults. */
async function deployment(seed: string, faults?: Faults, trace = new TraceRecorder()): Promise<{ dep: Deployment; trace: TraceRecorder }> {
  const dep = await setupDeployment(chains, new MemoryBlobStore(), { seed, trace, patients: 2, ...(faults ? { faults } : {}) });
  return { dep, trace };
}

describe("the reference implementation conforms", () => {
  it("the demo's trace is an instance of the spec with full coverage, and the role sources pass the static check", async () => {
    const { trace } = await runDemo(chains, { records: 2, seed: "conformance-ci" });
    const v = verdictOf(trace.events);
    const stat = staticCheck(`${repoRoot()}/reference/roles`, family, repoRoot());
    const report = buildReport(["demo"], v, stat);
    expect(report.mismatches).toEqual([]);
    expect(report.conforms).toBe(true);
    expect(report.coverage).toEqual({ messages: 1, checks: 1, claims: 1 });
    // Every signature the checker can recompute was recomputed; only the committee proofs (over chain state) are left to the chains.
    expect(report.structural.signaturesVerified).toBe(12);
    expect(Object.keys(report.structural.unverified).every((t) => t.includes("sk_committee(R)"))).toBe(true);
  });
});

describe("fault-injected roles fail conformance", () => {
  it("skip a signature check (the patient does not verify HB's signature)", async () => {
    const { dep, trace } = await deployment("skip-sig", { skipChecks: ["rq2.sig"] });
    await runShare(dep, { patient: 0, phr: phr("skip"), run: "1" });
    expect(codes(trace.events)).toEqual(["CHECK_NOT_EXECUTED P rq2.sig"]);
  });

  it("reuse a nonce (HB files two requests with one nonce)", async () => {
    const nonce = new Uint8Array(32).fill(0x5a);
    const { dep, trace } = await deployment("reuse-nonce", { fixedNonce: nonce });
    await runShare(dep, { patient: 0, phr: phr("n1"), run: "1" });
    // Chain B's exchange refuses a nonce it has seen, so the reused one is filed with a second
    // deployment of the same parties (fresh contracts): only the trace can tell the nonce is not fresh.
    const again = await deployment("reuse-nonce", { fixedNonce: nonce }, trace);
    await runShare(again.dep, { patient: 0, phr: phr("n2"), run: "2" });
    expect(codes(trace.events)).toEqual(["FRESH_REUSED HB rq1"]);
  });

  it("reuse a nonce on the same chains: the contract refuses it before any role accepts it", async () => {
    const nonce = new Uint8Array(32).fill(0x5b);
    const { dep, trace } = await deployment("reuse-nonce-chain", { fixedNonce: nonce });
    await runShare(dep, { patient: 0, phr: phr("m1"), run: "1" });
    await expect(runShare(dep, { patient: 0, phr: phr("m2"), run: "2" })).rejects.toBeInstanceOf(ContractRevertError);
    // The second run stops where no spec check rejected anything: conformance reports it unfinished.
    expect(codes(trace.events)).toEqual(expect.arrayContaining(["INCOMPLETE_RUN HB rq1"]));
  });

  it("drop a field (HB's request goes out with its timestamp zeroed)", async () => {
    const { dep, trace } = await deployment("drop-field", { zeroFields: { rq1: ["tsB"] } });
    await runShare(dep, { patient: 0, phr: phr("drop"), run: "1" });
    expect(codes(trace.events)).toEqual(expect.arrayContaining(["DELIVERY_ALTERED R rq1", "BAD_SIGNATURE HB rq1"]));
  });

  it("reorder two messages (HB acknowledges before it has fetched and checked the blob)", async () => {
    const { dep, trace } = await deployment("reorder");
    const { world } = dep;
    const up1 = dep.devices[0]!.upload("upload-1", phr("reorder"), await world.chains.a.now());
    const accepted = await dep.ha.acceptUpload("upload-1", await dep.firewall.filter("upload-1", up1));
    const a = await dep.ha.anchor("share-1", accepted);
    await dep.patients[0]!.observeRecord("share-1", a.recordId);
    await dep.hb.receiveIntro("share-1", dep.patients[0]!.introduce("share-1"));
    const n = await dep.relay.carryRequest("share-1", (await dep.hb.request("share-1")).txHash);
    await dep.patients[0]!.receiveRequest("share-1", n);
    await dep.patients[0]!.grant("share-1");
    await dep.hb.receiveDelivery("share-1", await dep.relay.reEncryptAndDeliver("share-1"));
    await dep.hb.acknowledge("share-1");
    await dep.hb.fetchRecord("share-1");
    expect(codes(trace.events)).toContain("ORDER HB ak1");
  });

  it("send to the wrong party (the request reaches a patient who does not own the record, and she takes it)", async () => {
    const { dep, trace } = await deployment("wrong-party");
    const [owner, other] = [dep.patients[0]!, dep.patients[1]!];
    const run = "share-1";
    const up1 = dep.devices[0]!.upload("upload-1", phr("wrong"), await dep.world.chains.a.now());
    const a = await dep.ha.anchor(run, await dep.ha.acceptUpload("upload-1", await dep.firewall.filter("upload-1", up1)));
    await owner.observeRecord(run, a.recordId);
    await dep.hb.receiveIntro(run, owner.introduce(run));
    const notice = await dep.relay.carryRequest(run, (await dep.hb.request(run)).txHash);
    await other.receiveRequest(run, notice);
    expect(codes(trace.events)).toContain("ROLE_PLAYED_BY_MANY P ");
  });

  it("accept a stale grant (HB takes the delivery of its earlier request, its grant, nonce and record-context checks switched off)", async () => {
    const { dep, trace } = await deployment("stale-grant", { skipChecks: ["dl1.grant", "dl1.nonce", "dl1.context"] });
    const p = dep.patients[0]!;
    const upTo = async (i: number) => {
      const run = `share-${i}`;
      const up1 = dep.devices[0]!.upload(`upload-${i}`, phr(`stale-${i}`), await dep.world.chains.a.now());
      const a = await dep.ha.anchor(run, await dep.ha.acceptUpload(`upload-${i}`, await dep.firewall.filter(`upload-${i}`, up1)));
      await p.observeRecord(run, a.recordId);
      await dep.hb.receiveIntro(run, p.introduce(run));
      await p.receiveRequest(run, await dep.relay.carryRequest(run, (await dep.hb.request(run)).txHash));
      await p.grant(run);
      return dep.relay.reEncryptAndDeliver(run);
    };
    const first = await upTo(1);
    await upTo(2);
    // The stale delivery is recorded as accepted; the role's own binding then refuses to take its values.
    await expect(dep.hb.receiveDelivery("share-2", first)).rejects.toThrow(/already bound/);
    const found = verdictOf(trace.events).mismatches.filter((m) => m.run === "MedExChainShare/share-2" && m.role === "HB" && m.label === "dl1");
    expect(found.map((m) => m.code)).toContain("VALUE_CHANGED");
    expect(found.some((m) => m.expected.startsWith("nB ="))).toBe(true);
  });
});
