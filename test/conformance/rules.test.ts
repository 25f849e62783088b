// One negative test per rule of the checker: an honest synthetic trace, changed in exactly the way
// the rule forbids, must produce that rule's mismatch (and the honest trace must not).
import { beforeAll, describe, expect, it } from "vitest";
import { share, upload } from "../../protocol/specs/medexchain.ts";
import { SPECS } from "../../protocol/registry.ts";
import { buildReport } from "../../conformance/report.ts";
import { checkTraces } from "../../conformance/trace-check.ts";
import type { TraceEvent } from "../../reference/trace/events.ts";
import { CAST, SyntheticWorld, syntheticSemantics, syntheticSizeOf } from "./harness.ts";
import { editFields, flipByte, isMessage, labelOf, moveBefore, renumber } from "./mutate.ts";

const options = { specs: SPECS, covered: [upload, share], sizeOf: syntheticSizeOf, semantics: syntheticSemantics };
const verdict = (events: readonly TraceEvent[]) => checkTraces([{ source: "test", events }], options);
const codes = (events: readonly TraceEvent[]) => verdict(events).mismatches.map((m) => `${m.code} ${m.role} ${m.label}`);

let base: readonly TraceEvent[];
beforeAll(async () => {
  const w = new SyntheticWorld();
  await w.run(upload, "u1", CAST);
  await w.run(share, "s1", CAST);
  base = w.events;
});

type Ev = TraceEvent;
const where = (pred: (e: Ev) => boolean, change: (e: Ev) => Ev) => base.map((e) => (pred(e) ? change(e) : e));
const isCheck = (id: string) => (e: Ev) => e.kind === "check" && e.check === id;
const without = (pred: (e: Ev) => boolean) => renumber(base.filter((e) => !pred(e)));

describe("conformance rules, one negative test each", () => {
  it("the honest trace has no mismatch and full coverage", () => {
    const v = verdict(base);
    expect(v.mismatches).toEqual([]);
    expect(v.coverage).toMatchObject({ messages: 1, checks: 1, claims: 1 });
    expect(buildReport(["t"], v, null).conforms).toBe(true);
  });

  it("coverage falls when a sub-protocol is not exercised, naming what is missing", () => {
    const v = verdict(base.filter((e) => !("protocol" in e) || e.protocol !== "MedExChainUpload"));
    expect(v.mismatches).toEqual([]);
    expect(v.coverage.messages).toBeLessThan(1);
    expect(v.coverage.missing.messages).toEqual(["MedExChainUpload.up1", "MedExChainUpload.up2"]);
    expect(v.coverage.missing.claims).toContain("MedExChainUpload.D1");
  });

  it("an empty trace does not conform", () => {
    expect(buildReport(["t"], verdict([]), null).mismatches.map((m) => m.code)).toEqual(["EMPTY_TRACE"]);
  });

  it("static problems make the report fail", () => {
    const r = buildReport(["t"], verdict(base), { ok: false, files: 1, sends: [], receives: [], problems: [{ code: "NO_SENDER", label: "rq1", at: "", detail: "x" }] });
    expect(r.conforms).toBe(false);
    expect(r.mismatches.map((m) => `${m.code} ${m.expected}`)).toEqual(["STATIC NO_SENDER"]);
  });

  it("unknown protocol, role, label, claim and check", () => {
    expect(codes(where((e) => e.kind === "claim" && e.claim === "D1", (e) => ({ ...e, protocol: "Nope" })))).toContain("UNKNOWN_PROTOCOL D ");
    expect(codes(where((e) => e.kind === "claim" && e.claim === "D1", (e) => ({ ...e, role: "X" })))).toContain("UNKNOWN_ROLE X ");
    expect(codes(where((e) => e.kind === "claim" && e.claim === "D1", (e) => ({ ...e, claim: "D9" })))).toContain("UNKNOWN_CLAIM D D9");
    expect(codes(where((e) => e.kind === "send" && e.label === "in1", (e) => ({ ...e, label: "in9" })))).toContain("UNKNOWN_LABEL P in9");
    expect(codes(where(isCheck("rq1.chain"), (e) => ({ ...e, check: "rq1.extra" })))).toEqual(expect.arrayContaining(["UNKNOWN_CHECK R rq1.extra", "CHECK_NOT_EXECUTED R rq1.chain"]));
  });

  it("a claim not emitted where the spec claims it", () => {
    expect(codes(without((e) => e.kind === "claim" && e.claim === "HB10"))).toEqual(["ORDER HB ak1"]);
  });

  it("a claim of the wrong type", () => {
    expect(codes(where((e) => e.kind === "claim" && e.claim === "P2", (e) => ({ ...e, type: "Secret" })))).toEqual(["CLAIM_TYPE P P2"]);
  });

  it("events after the role's last one", () => {
    const last = base.filter((e) => e.kind === "claim" && e.role === "R").at(-1)!;
    expect(codes(renumber([...base, { ...last }]))).toEqual([`UNEXPECTED_EVENT R ${(last as { claim: string }).claim}`]);
  });

  it("a run that stops without a rejection", () => {
    const stopped = without((e) => labelOf(e) === "ak1" || (e.kind === "claim" && (e.claim === "R2" || e.claim === "R3")));
    expect(codes(stopped)).toEqual(["INCOMPLETE_RUN HB ak1", "INCOMPLETE_RUN R ak1"]);
  });

  it("an honest rejection ends the run without a mismatch; going on after it does not", async () => {
    const w = new SyntheticWorld();
    await expect(w.run(share, "s1", CAST, { fixedFresh: { tsB: new Uint8Array(4) } })).rejects.toThrow(/rq2\.ts/);
    expect(codes(w.events)).toEqual([]);
    const failed = w.events.find(isCheck("rq2.ts"))!;
    const claim = { kind: "claim", run: "s1", protocol: share.name, role: "P", agent: CAST.P!, claim: "P1", type: "Commit" } as const;
    expect(codes(renumber([...w.events, { ...claim, seq: 0 }]))).toEqual(["CONTINUED_AFTER_REJECTION P P1"]);
    const accepted = w.events.find((e) => e.kind === "send" && e.label === "rq2")!;
    expect(codes(renumber([...w.events, { ...accepted, kind: "recv", role: "P", agent: CAST.P!, peer: "R" } as Ev]))).toContain("ACCEPTED_AFTER_FAILED_CHECK P rq2.ts");
    expect(failed.kind === "check" && failed.ok).toBe(false);
  });

  it("checks out of the spec's order", () => {
    const a = base.findIndex(isCheck("rq2.proof"));
    const b = base.findIndex(isCheck("rq2.chain"));
    const swapped = [...base];
    [swapped[a], swapped[b]] = [swapped[b]!, swapped[a]!];
    expect(codes(renumber(swapped))).toEqual(["CHECK_ORDER P rq2"]);
  });

  it("a check recorded where no message is received", () => {
    const moved = moveBefore(base, isCheck("rq1.sig"), (e) => isMessage(e, "s1", "rq2") && e.kind === "send");
    expect(codes(moved)).toEqual(["CHECK_NOT_EXECUTED R rq1.sig", "CHECK_OUTSIDE_RECEIVE R rq1.sig"]);
  });

  it("a message sent to or from the wrong peer, or over the wrong channel", () => {
    expect(codes(where((e) => isMessage(e, "s1", "rq1") && e.kind === "send", (e) => ({ ...e, peer: "P" })))).toEqual(["WRONG_PEER HB rq1"]);
    expect(codes(where((e) => isMessage(e, "s1", "rq1") && e.kind === "recv", (e) => ({ ...e, channel: "chainA" })))).toContain("WRONG_CHANNEL R rq1");
  });

  it("chain messages without their transaction, or on the other chain", () => {
    expect(codes(where((e) => isMessage(e, "s1", "an1") && e.kind === "send", (e) => ({ ...e, txHash: undefined }) as Ev))).toEqual(["CHAIN_RECORD HA an1"]);
    expect(codes(where((e) => isMessage(e, "s1", "an1") && e.kind === "recv", (e) => ({ ...e, chain: "chainB" }) as Ev))).toEqual(expect.arrayContaining(["CHAIN_RECORD P an1", "CHAIN_RECORD  chainA/chainB"]));
  });

  it("a receive nobody sent, a message twice, altered in transit, received before sent", () => {
    expect(codes(without((e) => isMessage(e, "s1", "in1") && e.kind === "send"))).toEqual(expect.arrayContaining(["NOT_DELIVERED HB in1"]));
    const twice = base.filter((e) => isMessage(e, "s1", "in1"));
    expect(codes(renumber([...base, ...twice]))).toEqual(expect.arrayContaining(["DUPLICATE_MESSAGE HB in1"]));
    const altered = where((e) => isMessage(e, "s1", "in1") && e.kind === "recv", (e) => {
      const m = e as Extract<Ev, { kind: "recv" }>;
      return editFields([m], share, "s1", "in1", (f) => ({ ...f, rec: flipByte(f.rec!) }))[0]!;
    });
    expect(codes(altered)).toEqual(expect.arrayContaining(["DELIVERY_ALTERED HB in1", "VALUE_CHANGED HB in1"]));
    const send = base.findIndex((e) => isMessage(e, "s1", "in1") && e.kind === "send");
    const early = base.map((e, i) => (i === send ? { ...e, seq: 10_000 } : e));
    expect(codes(early)).toContain("RECEIVED_BEFORE_SENT HB in1");
  });

  it("bytes that do not decode, and recorded fields that are not the bytes'", () => {
    const short = editFields(base, share, "s1", "rq1", (f) => ({ ...f, sig_HB: f.sig_HB!.slice(2) }));
    const found = verdict(short).mismatches.filter((m) => m.code === "MALFORMED");
    expect(found.map((m) => m.role)).toEqual(["HB", "R"]);
    expect(found[0]!.observed).toMatch(/WRONG_LENGTH/);
    expect(codes(where((e) => isMessage(e, "s1", "in1") && e.kind === "send", (e) => ({ ...e, fields: { ...(e as { fields: object }).fields, rec: "00" } }) as Ev))).toEqual(["FIELDS_DISAGREE P in1"]);
    expect(codes(where((e) => isMessage(e, "s1", "in1") && e.kind === "send", (e) => ({ ...e, fields: { P: "00" } }) as Ev))).toEqual(["FIELDS_DISAGREE P in1"]);
  });

  it("a one-way function carried with the wrong value", () => {
    expect(codes(editFields(base, share, "s1", "ak1", (f) => ({ ...f, ack: flipByte(f.ack!) })))).toEqual(["HASH_MISMATCH HB ak1"]);
  });

  it("the same fresh value in two runs, or as two terms", async () => {
    const same = new Uint8Array(16).fill(3);
    const w = new SyntheticWorld();
    await w.run(share, "s1", CAST, { fixedFresh: { nB: same, rec: same } });
    expect(codes(w.events)).toEqual(["FRESH_REUSED HB rq1"]);
  });

  it("timestamps may repeat within a clock tick but never go back for one agent", async () => {
    const w = new SyntheticWorld();
    await w.run(share, "s1", CAST);
    const ts = hexOfTs(w.events);
    await w.run(share, "s2", CAST, { fixedFresh: { tsB: ts } });
    await w.run(share, "s3", { ...CAST, HB: "hospital-c" }, { fixedFresh: { tsB: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1) } });
    expect(codes(w.events)).toEqual([]);
    await w.run(share, "s4", CAST, { fixedFresh: { tsB: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1) } });
    const found = verdict(w.events).mismatches;
    expect(found.map((m) => `${m.code} ${m.run} ${m.role} ${m.label}`)).toEqual(["STALE_TIMESTAMP MedExChainShare/s4 HB rq1"]);
    expect(found[0]!.expected).toMatch(/^tsB ≥ /);
  });

  it("agents that are not registered, registered twice, named wrongly, or without the key they sign with", () => {
    expect(codes(base.filter((e) => !(e.kind === "bind" && e.agent === CAST.HB)))).toContain("AGENT_NOT_REGISTERED HB rq1");
    const bind = base.find((e) => e.kind === "bind" && e.agent === CAST.HB) as Extract<Ev, { kind: "bind" }>;
    expect(codes(renumber([...base, { ...bind, identity: flipByte(bind.identity) }]))).toContain("AGENT_REBOUND  hospital-b");
    expect(codes(renumber([...base, { ...bind, keys: { ...bind.keys, ed25519B: flipByte(bind.keys.ed25519B!) } }]))).toContain("AGENT_REBOUND  hospital-b");
    expect(codes(where((e) => e === bind, () => ({ ...bind, identity: flipByte(bind.identity) })))).toEqual(expect.arrayContaining(["WRONG_AGENT HB rq1"]));
    const { ed25519B: _dropped, ...rest } = bind.keys;
    expect(codes(where((e) => e === bind, () => ({ ...bind, keys: rest })))).toEqual(["KEY_NOT_REGISTERED HB rq1", "KEY_NOT_REGISTERED HB ak1"]);
  });

  it("a signature made with another agent's key", () => {
    const bind = base.find((e) => e.kind === "bind" && e.agent === CAST.P) as Extract<Ev, { kind: "bind" }>;
    const other = base.find((e) => e.kind === "bind" && e.agent === CAST.HA) as Extract<Ev, { kind: "bind" }>;
    expect(codes(where((e) => e === bind, () => ({ ...bind, keys: { ...bind.keys, ecdsaA: other.keys.ecdsaA! } })))).toEqual(["BAD_SIGNATURE P gr1"]);
  });
});

/** The first run's tsB, so a second requester can read the same clock second. */
function hexOfTs(events: readonly TraceEvent[]): Uint8Array {
  const rq1 = events.find((e) => isMessage(e, "s1", "rq1")) as { fields: Record<string, string> };
  return Uint8Array.from(Buffer.from(rq1.fields.tsB!, "hex"));
}

describe("several traces", () => {
  it("judge registrations and freshness per trace, and pool coverage", async () => {
    const a = new SyntheticWorld();
    await a.run(upload, "r1", CAST);
    const b = new SyntheticWorld();
    await b.run(share, "r1", CAST);
    // Same run id and agent names in both traces, different keys: each trace is its own world.
    const v = checkTraces([{ source: "a", events: a.events }, { source: "b", events: b.events }], options);
    expect(v.mismatches).toEqual([]);
    expect(v.coverage).toMatchObject({ messages: 1, checks: 1, claims: 1 });
    expect(v.runs).toBe(2);
    // Within one trace the same agent under two keys is still caught.
    const mixed = checkTraces([{ source: "ab", events: renumber([...a.events, ...b.events]) }], options);
    expect(mixed.mismatches.map((m) => m.code)).toContain("AGENT_REBOUND");
  });
});

describe("deployment constants", () => {
  it("signatures are checked with the chain ids the trace records", async () => {
    const w = new SyntheticWorld();
    await w.run(share, "s1", CAST);
    const named = (name: string, value: string) => ({ kind: "constant", name, value, seq: 0 }) as const;
    // The synthetic world signs with the constants' names as their bytes: recording those conforms.
    const hex = (s: string) => Buffer.from(s).toString("hex");
    expect(codes(renumber([named("chainA", hex("chainA")), named("chainB", hex("chainB")), ...w.events]))).toEqual([]);
    // Recording other chain ids than the ones signed over breaks every signature that covers them.
    expect(codes(renumber([named("chainA", "0000000000001b59"), ...w.events]))).toEqual(["BAD_SIGNATURE HB rq1", "BAD_SIGNATURE R rq2", "BAD_SIGNATURE R dl1"]);
  });
});
