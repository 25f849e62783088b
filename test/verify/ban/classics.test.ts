// The prover against the BAN paper: every conclusion the paper draws for its protocols, positive and
// negative, is reproduced, and for the negative ones the prover names what is missing.
import { describe, expect, it } from "vitest";
import { B } from "../../../protocol/ban.ts";
import { BAN_CLASSICS } from "../../../protocol/specs/ban-classics/index.ts";
import { checkSpec } from "../../../protocol/check.ts";
import { nsskClassic, nsskFreshKeyClassic } from "../../../protocol/specs/ban-classics/nssk.ts";
import { andrewAmendedClassic, andrewClassic } from "../../../protocol/specs/ban-classics/andrew-rpc.ts";
import { kerberosClassic } from "../../../protocol/specs/ban-classics/kerberos.ts";
import { otwayReesClassic } from "../../../protocol/specs/ban-classics/otway-rees.ts";
import { proveSpec, provable, withoutAssumptions } from "../../../verify/ban/index.ts";
import { SPECS } from "../../../protocol/registry.ts";

const report = (c: (typeof BAN_CLASSICS)[number]) => proveSpec(c.spec, { kind: "classic", expectProved: (id) => c.conclusions.find((x) => x.goal === id)!.expectProved });
const goal = (c: (typeof BAN_CLASSICS)[number], id: string) => report(c).goals.find((g) => g.id === id)!;

describe("the classics as written", () => {
  it("are well-formed specs, kept out of the shipped registry", () => {
    for (const c of BAN_CLASSICS) {
      expect(checkSpec(c.spec), c.spec.name).toEqual([]);
      expect(SPECS.some((s) => s.name === c.spec.name)).toBe(false);
    }
  });
  it("state one expectation per goal, and every expectation names a goal", () => {
    for (const c of BAN_CLASSICS) expect(c.conclusions.map((x) => x.goal).sort(), c.spec.name).toEqual(c.spec.ban.goals.map((g) => g.id).sort());
  });
  it("include at least three of the paper's protocols, with negative conclusions", () => {
    expect(new Set(BAN_CLASSICS.map((c) => c.spec.source)).size).toBeGreaterThanOrEqual(3);
    expect(BAN_CLASSICS.flatMap((c) => c.conclusions).filter((x) => !x.expectProved).length).toBeGreaterThanOrEqual(4);
  });
});

const cases = BAN_CLASSICS.flatMap((c) => c.conclusions.map((x) => ({ protocol: c.spec.name, classic: c, ...x })));
describe.each(cases)("$protocol: $goal", ({ classic, goal: id, expectProved, paper }) => {
  it(`is ${expectProved ? "derivable" : "not derivable"}, as the paper concludes (${paper})`, () => {
    expect(goal(classic, id).proved).toBe(expectProved);
  });
});

describe("Needham–Schroeder shared key", () => {
  it("B's belief in the key fails for want of exactly the paper's extra assumption B |≡ #(A ↔Kab B)", () => {
    const g = goal(nsskClassic, "B-key");
    expect(g.missing).toEqual(["B |≡ #(A ↔[Kab] B)"]);
    // B does get as far as S having said the key: the replayable ticket.
    expect(g.nearest).toContain("B |≡ (S |~ A ↔[Kab] B)");
  });
  it("adding that one assumption makes every goal derivable, and it is needed for B's goals", () => {
    expect(report(nsskFreshKeyClassic).goals.every((g) => g.proved)).toBe(true);
    const extra = nsskFreshKeyClassic.spec.ban.assumptions.filter((a) => !nsskClassic.spec.ban.assumptions.some((b) => b.id === a.id));
    expect(extra.map((a) => a.formula)).toEqual([B.believes("B", B.fresh(B.sharedKey("A", "B", "Kab")))]);
    expect(goal(nsskFreshKeyClassic, "B-key").assumptions).toContain("B-fresh-key");
    expect(goal(nsskFreshKeyClassic, "B-A-key").assumptions).toContain("B-fresh-key");
  });
  it("A's conclusions rest on S's jurisdiction over the key's freshness", () => {
    expect(provable(withoutAssumptions(nsskClassic.spec, ["A-S-controls-fresh"]), "A-B-key")).toBe(false);
    expect(provable(withoutAssumptions(nsskClassic.spec, ["A-S-controls-fresh"]), "A-key")).toBe(true);
  });
});

describe("Andrew secure RPC", () => {
  it("the flaw: A cannot accept K'ab because nothing in message 4 is fresh to A", () => {
    const g = goal(andrewClassic, "A-key");
    expect(g.proved).toBe(false);
    expect(g.missing).toEqual(["A |≡ #((A ↔[Kab2] B, Nb2))"]);
    expect(g.nearest).toContain("A |≡ (B |~ A ↔[Kab2] B)");
  });
  it("the paper's amendment (Na in message 4) repairs it, resting on A's own nonce", () => {
    const g = goal(andrewAmendedClassic, "A-key");
    expect(g.proved).toBe(true);
    expect(g.assumptions).toEqual(["A-Kab", "A-B-controls-key", "A-fresh-Na"]);
    expect(g.messages).toEqual(["4"]);
  });
});

describe("Kerberos", () => {
  it("reaches mutual belief in the key from timestamps alone", () => {
    const r = report(kerberosClassic);
    expect(r.goals.every((g) => g.proved)).toBe(true);
    expect(goal(kerberosClassic, "B-A-key").assumptions).toEqual(["B-Kbs", "B-S-controls-key", "B-fresh-Ts", "B-fresh-Ta"]);
  });
  it("without B's trust in the authenticator's timestamp, B cannot tell A is present (a replayed authenticator)", () => {
    const spec = withoutAssumptions(kerberosClassic.spec, ["B-fresh-Ta"]);
    expect(provable(spec, "B-A-key")).toBe(false);
    expect(provable(spec, "B-key")).toBe(true);
  });
});

describe("Otway–Rees", () => {
  it("gives each party the key and the other's recent Nc, but no key confirmation", () => {
    const r = report(otwayReesClassic);
    expect(r.goals.filter((g) => g.proved).map((g) => g.id)).toEqual(["A-key", "B-key", "A-B-said-Nc", "B-A-said-Nc", "S-A-said"]);
    expect(goal(otwayReesClassic, "A-B-key").missing).toContain("A |≡ (B |~ A ↔[Kab] B)");
  });
});

describe("a result that differs from the paper", () => {
  it("makes the protocol's report fail", () => {
    const flipped = proveSpec(andrewClassic.spec, { kind: "classic", expectProved: () => true });
    expect(flipped.ok).toBe(false);
    expect(report(andrewClassic).ok).toBe(true);
  });
});
