import { describe, expect, it } from "vitest";
import { needhamSchroeder78 } from "../../protocol/specs/needham-schroeder.ts";
import { spdlModel } from "../../generators/spdl.ts";
import { lintSpdl, parseSpdl, SpdlParseError } from "../../generators/spdl-parse.ts";
import { compareWithSpec } from "../../verify/model-checks.ts";

const ns = spdlModel(needhamSchroeder78);

describe("the model reader", () => {
  it("reads the terms of a model", () => {
    const f = parseSpdl(ns);
    const r = f.protocols[0]!.roles.find((x) => x.name === "R")!;
    expect(r.fresh).toEqual([{ name: "nr", type: "Nonce" }]);
    expect(r.events[0]).toEqual({
      kind: "recv",
      label: "1",
      from: "I",
      to: "R",
      message: [{ kind: "enc", body: [{ kind: "name", name: "ni" }, { kind: "name", name: "I" }], key: { kind: "apply", fn: "pk", args: [{ kind: "name", name: "R" }] } }],
    });
  });

  it("reports where a model stops parsing", () => {
    const broken = ns.replace("send_2(R,I, {ni, nr}pk(I));", "send_2(R,I, {ni, nr}pk(I);");
    expect(() => parseSpdl(broken)).toThrow(SpdlParseError);
    try {
      parseSpdl(broken);
    } catch (e) {
      expect((e as SpdlParseError).line).toBe(broken.split("\n").findIndex((l) => l.includes("send_2(R,I")) + 1);
    }
    expect(() => parseSpdl("protocol P(I) { role I { send_1(I,I, x) } }")).toThrow(/expected ";"/);
    expect(() => parseSpdl("protocol P(I) { role I { sned_1(I,I, x); } }")).toThrow(/expected a declaration or an event/);
  });

  it("flags an undeclared name, a receive nobody sends, and a variable sent before it is received", () => {
    expect(lintSpdl(parseSpdl(ns))).toEqual([]);
    expect(lintSpdl(parseSpdl(ns.replace("claim_I1(I, Secret, ni);", "claim_I1(I, Secret, nx);")))).toEqual(['NS, role I: "nx" is not declared']);
    expect(lintSpdl(parseSpdl(ns.replace("send_3(I,R, {nr}pk(R));", "send_4(I,R, {nr}pk(R));")))).toEqual(["NS, role R: recv_3 has no send_3"]);
    const early = ns.replace("recv_2(R,I, {ni, nr}pk(I));\n    send_3(I,R, {nr}pk(R));", "send_3(I,R, {nr}pk(R));\n    recv_2(R,I, {ni, nr}pk(I));");
    expect(lintSpdl(parseSpdl(early))).toContain("NS, role I: send_3 uses variable nr before receiving it");
  });

  it("finds a model that no longer says what the spec says", () => {
    const parse = (s: string) => compareWithSpec(needhamSchroeder78, parseSpdl(s));
    expect(parse(ns)).toEqual([]);
    expect(parse(ns.replace("    claim_R6(R, Nisynch);\n", ""))).toEqual([expect.stringContaining('role R, event 9: the spec has "claim R6 Nisynch", the model "nothing"')]);
    expect(parse(ns.replace("claim_R5(R, Niagree);", "claim_R5(R, Nisynch);"))[0]).toContain("claim R5 Niagree");
    expect(parse(ns.replace("protocol NS(I,R)", "protocol NS(R,I)"))[0]).toContain("roles (R,I) differ");
    expect(parse(ns.replace("fresh nr: Nonce;", "var nr: Nonce;"))[0]).toContain("fresh values () differ");
    expect(parse(ns.replace(/protocol NS/, "protocol NX"))).toEqual(["the model has no protocol NS"]);
  });
});
