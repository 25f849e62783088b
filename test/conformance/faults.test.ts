// "It must have teeth": each fault-injected variant of the implementation is caught by conformance.
// Variants the Endpoint's fault switches can produce are produced that way; the others are honest
// traces mutated into what the faulty implementation would record.
import { describe, expect, it } from "vitest";
import { share, upload } from "../../protocol/specs/medexchain.ts";
import { SPECS } from "../../protocol/registry.ts";
import { CheckFailed } from "../../reference/semantics/violations.ts";
import { checkTraces } from "../../conformance/trace-check.ts";
import type { TraceEvent } from "../../reference/trace/events.ts";
import { CAST, SyntheticWorld, syntheticSemantics, syntheticSizeOf } from "./harness.ts";
import { dropField, editFields, flipByte, isMessage, labelOf, moveBefore } from "./mutate.ts";

const options = { specs: SPECS, covered: [upload, share], sizeOf: syntheticSizeOf, semantics: syntheticSemantics };
const codes = (events: readonly TraceEvent[]) => checkTraces([{ source: "test", events }], options).mismatches.map((m) => `${m.code} ${m.role} ${m.label}`);

async function honest(runs = ["s1"]): Promise<readonly TraceEvent[]> {
  const w = new SyntheticWorld();
  for (const r of runs) await w.run(share, r, CAST);
  return w.events;
}

describe("fault-injected variants are detected", () => {
  it("baseline: the honest share conforms", async () => {
    expect(codes(await honest(["s1", "s2"]))).toEqual([]);
  });

  it("skip a signature check (Endpoint fault switch)", async () => {
    const w = new SyntheticWorld();
    await w.run(share, "s1", CAST, { endpoint: { P: { skipChecks: ["rq2.sig"] } } });
    expect(codes(w.events)).toEqual(["CHECK_NOT_EXECUTED P rq2.sig"]);
  });

  it("skip a signature check and accept a forged signature (handler that passes anything)", async () => {
    const events = await honest();
    const sent = events.find((e) => isMessage(e, "s1", "rq1")) as { fields: Record<string, string> };
    const forged = flipByte(sent.fields.sig_HB!, 5);
    let mutated = editFields(events, share, "s1", "rq1", (f) => ({ ...f, sig_HB: forged }));
    mutated = editFields(mutated, share, "s1", "rq2", (f) => ({ ...f, sig_HB: forged }));
    // The forged signature is caught where it was made; the relay proof that covered the genuine one fails too.
    expect(codes(mutated)).toEqual(["BAD_SIGNATURE HB rq1", "BAD_SIGNATURE R rq2"]);
  });

  it("reuse a nonce across runs (the requester's fresh value is fixed)", async () => {
    const w = new SyntheticWorld();
    const nB = new Uint8Array(16).fill(7);
    await w.run(share, "s1", CAST, { fixedFresh: { nB } });
    // The patient's replay check rejects the second request; the checker blames the requester all the same.
    await expect(w.run(share, "s2", CAST, { fixedFresh: { nB } })).rejects.toThrow(CheckFailed);
    expect(codes(w.events)).toEqual(["FRESH_REUSED HB rq1"]);
  });

  it("reuse a nonce and skip the replay check", async () => {
    const w = new SyntheticWorld();
    const nB = new Uint8Array(16).fill(9);
    await w.run(share, "s1", CAST, { fixedFresh: { nB } });
    await w.run(share, "s2", CAST, { fixedFresh: { nB }, endpoint: { P: { skipChecks: ["rq2.replay"] } } });
    expect(codes(w.events).sort()).toEqual(["CHECK_NOT_EXECUTED P rq2.replay", "FRESH_REUSED HB rq1"]);
  });

  it("drop a field", async () => {
    const found = codes(dropField(await honest(), share, "s1", "rq1", "tsB"));
    expect(found).toEqual(["MALFORMED HB rq1", "MALFORMED R rq1"]);
  });

  it("reorder two messages (HB reads the blob before the delivery)", async () => {
    const events = await honest();
    const fe1 = (e: TraceEvent) => labelOf(e) === "fe1";
    const dl1 = (e: TraceEvent) => labelOf(e) === "dl1";
    const found = codes(moveBefore(events, fe1, dl1));
    expect(found).toContain("ORDER HB fe1");
  });

  it("send to the wrong party (the delivery reaches another hospital)", async () => {
    const w = new SyntheticWorld();
    await w.run(share, "s1", CAST, { misdirect: { label: "dl1", agent: "hospital-c" } });
    expect(codes(w.events)).toEqual(["ROLE_PLAYED_BY_MANY HB "]);
  });

  it("send to the wrong party (the grant names another hospital)", async () => {
    const w = new SyntheticWorld();
    w.register("hospital-c", share.schemes.map((s) => s.name));
    await w.run(share, "s1", CAST);
    const other = (w.events.find((e) => e.kind === "bind" && e.agent === "hospital-c") as { identity: string }).identity;
    const found = codes(editFields(w.events, share, "s1", "gr1", (f) => ({ ...f, HB: other })));
    expect(found).toEqual(expect.arrayContaining(["VALUE_CHANGED P gr1", "VALUE_CHANGED R gr1"]));
  });

  it("accept a stale grant (the relay replays an earlier delivery, HB accepts it)", async () => {
    const events = await honest(["s1", "s2"]);
    const old = events.find((e) => isMessage(e, "s1", "dl1"))!;
    const replayed = events.map((e) => (isMessage(e, "s2", "dl1") ? { ...e, bytes: (old as { bytes: string }).bytes, fields: (old as { fields: Record<string, string> }).fields } : e));
    const found = codes(replayed);
    expect(found).toEqual(expect.arrayContaining(["VALUE_CHANGED R dl1", "VALUE_CHANGED HB dl1"]));
    const stale = checkTraces([{ source: "t", events: replayed }], options).mismatches.filter((m) => m.code === "VALUE_CHANGED" && m.role === "HB");
    expect(stale.map((m) => m.expected.split(" ")[0])).toContain("nB");
  });
});
