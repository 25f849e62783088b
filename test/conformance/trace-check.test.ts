import { describe, expect, it } from "vitest";
import { share, upload } from "../../protocol/specs/medexchain.ts";
import { SPECS } from "../../protocol/registry.ts";
import { checkTraces } from "../../conformance/trace-check.ts";
import type { TraceEvent } from "../../reference/trace/events.ts";
import { CAST, SyntheticWorld, syntheticSemantics, syntheticSizeOf } from "./harness.ts";

const options = { specs: SPECS, covered: [upload, share], sizeOf: syntheticSizeOf, semantics: syntheticSemantics };
const check = (events: readonly TraceEvent[]) => checkTraces([{ source: "test", events }], options);

describe("conformance of honest synthetic runs", () => {
  it("accepts an upload and a share with full coverage", async () => {
    const w = new SyntheticWorld();
    await w.run(upload, "u1", CAST);
    await w.run(share, "s1", CAST);
    const v = check(w.events);
    expect(v.mismatches).toEqual([]);
    expect(v.coverage).toMatchObject({ messages: 1, checks: 1, claims: 1 });
    expect(v.structural.signaturesVerified).toBeGreaterThan(5);
    expect(v.structural.hashesVerified).toBeGreaterThan(0);
    console.log(v.structural);
  });
});
