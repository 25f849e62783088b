// Each BAN rule, applied by the prover to a minimal input: it fires when its premises hold and not
// when any one is missing or of the wrong kind. The independent step checker agrees on every step.
import { describe, expect, it } from "vitest";
import { B, type BanFormula } from "../../../protocol/ban.ts";
import { saturate, MAX_INPUT_DEPTH, type BanInput } from "../../../verify/ban/prover.ts";
import { invalidSteps, followsBy } from "../../../verify/ban/step-check.ts";
import { BanFactLimitError, BanNestingError } from "../../../verify/ban/errors.ts";
import { canon, keyOf } from "../../../verify/ban/formula.ts";

type Msg = { label: string; from: string; to: string; formula: BanFormula };

function input(assumptions: BanFormula[], messages: Msg[] = [], goals: BanFormula[] = []): BanInput {
  return {
    name: "T",
    ban: {
      assumptions: assumptions.map((formula, i) => ({ id: `a${i}`, formula })),
      idealised: messages,
      goals: goals.map((formula, i) => ({ id: `g${i}`, formula, description: "" })),
      interpretations: [],
    },
  };
}

const derives = (i: BanInput, f: BanFormula): boolean => {
  const base = saturate(i);
  expect(invalidSteps(i, base)).toEqual([]);
  return base.has(f);
};
const msg = (to: string, formula: BanFormula, from = "X"): Msg => ({ label: "1", from, to, formula });

describe("message meaning", () => {
  it("shared key: P |≡ Q ↔K P, P ◁ {X}_K gives P |≡ Q |~ X", () => {
    const goal = B.believes("P", B.said("Q", "x"));
    expect(derives(input([B.believes("P", B.sharedKey("Q", "P", "K"))], [msg("P", B.enc("x", "K"))]), goal)).toBe(true);
    expect(derives(input([], [msg("P", B.enc("x", "K"))]), goal)).toBe(false);
    expect(derives(input([B.believes("P", B.sharedKey("Q", "P", "K2"))], [msg("P", B.enc("x", "K"))]), goal)).toBe(false);
  });
  it("shared key: a key is the same fact whichever way round its principals are written", () => {
    const goal = B.believes("P", B.said("Q", "x"));
    expect(derives(input([B.believes("P", B.sharedKey("P", "Q", "K"))], [msg("P", B.enc("x", "K"))]), goal)).toBe(true);
    expect(keyOf(B.sharedKey("P", "Q", "K"))).toBe(keyOf(B.sharedKey("Q", "P", "K")));
  });
  it("shared key: P learns nothing about Q from a message P itself encrypted (the paper's side condition)", () => {
    const goal = B.believes("P", B.said("Q", "x"));
    const i = input([B.believes("P", B.sharedKey("P", "Q", "K"))], [msg("P", B.enc("x", "K", "P"))]);
    expect(derives(i, goal)).toBe(false);
    expect(derives(i, B.sees("P", "x"))).toBe(true);
  });
  it("public key: P |≡ →K Q, P ◁ {X}_K⁻¹ gives P |≡ Q |~ X", () => {
    const goal = B.believes("P", B.said("Q", "x"));
    expect(derives(input([B.believes("P", B.pubKey("Q", "K"))], [msg("P", B.signed("x", "K"))]), goal)).toBe(true);
    expect(derives(input([B.believes("P", B.pubKey("R", "K"))], [msg("P", B.signed("x", "K"))]), goal)).toBe(false);
    // Encryption to a public key authenticates nobody.
    expect(derives(input([B.believes("P", B.pubKey("Q", "K"))], [msg("P", B.enc("x", "K"))]), goal)).toBe(false);
  });
  it("shared secret: P |≡ Q ⇌Y P, P ◁ ⟨X⟩_Y gives P |≡ Q |~ X", () => {
    const goal = B.believes("P", B.said("Q", "x"));
    expect(derives(input([B.believes("P", B.secret("P", "Q", "y"))], [msg("P", B.combined("x", "y"))]), goal)).toBe(true);
    expect(derives(input([B.believes("P", B.secret("P", "Q", "z"))], [msg("P", B.combined("x", "y"))]), goal)).toBe(false);
  });
});

describe("nonce verification and jurisdiction", () => {
  const said = B.believes("P", B.said("Q", "x"));
  it("nonce verification: P |≡ #(X), P |≡ Q |~ X gives P |≡ Q |≡ X", () => {
    expect(derives(input([B.believes("P", B.fresh("x")), said]), B.believes("P", B.believes("Q", "x")))).toBe(true);
    expect(derives(input([said]), B.believes("P", B.believes("Q", "x")))).toBe(false);
    expect(derives(input([B.believes("P", B.fresh("y")), said]), B.believes("P", B.believes("Q", "x")))).toBe(false);
  });
  it("jurisdiction: P |≡ Q ⇒ X, P |≡ Q |≡ X gives P |≡ X", () => {
    const qBelieves = B.believes("P", B.believes("Q", "x"));
    expect(derives(input([B.believes("P", B.controls("Q", "x")), qBelieves]), B.believes("P", "x"))).toBe(true);
    expect(derives(input([qBelieves]), B.believes("P", "x"))).toBe(false);
    expect(derives(input([B.believes("P", B.controls("R", "x")), qBelieves]), B.believes("P", "x"))).toBe(false);
    // Jurisdiction needs belief, not mere saying.
    expect(derives(input([B.believes("P", B.controls("Q", "x")), said]), B.believes("P", "x"))).toBe(false);
  });
});

describe("conjunction, projection, seeing, freshness", () => {
  it("belief conjunction builds only tuples the annotations mention", () => {
    const pair = B.and("x", "y");
    const i = input([B.believes("P", "x"), B.believes("P", "y")], [], [B.believes("P", pair)]);
    expect(derives(i, B.believes("P", pair))).toBe(true);
    expect(derives(input([B.believes("P", "x"), B.believes("P", "y")]), B.believes("P", pair))).toBe(false);
    expect(derives(input([B.believes("P", "x")], [], [B.believes("P", pair)]), B.believes("P", pair))).toBe(false);
  });
  it("projection applies to beliefs, nested beliefs and sayings", () => {
    const t = B.and("x", "y");
    expect(derives(input([B.believes("P", t)]), B.believes("P", "y"))).toBe(true);
    expect(derives(input([B.believes("P", B.believes("Q", t))]), B.believes("P", B.believes("Q", "y")))).toBe(true);
    expect(derives(input([B.believes("P", B.said("Q", t))]), B.believes("P", B.said("Q", "y")))).toBe(true);
    expect(derives(input([B.believes("P", B.said("Q", t))]), B.believes("P", B.said("Q", "z")))).toBe(false);
  });
  it("seeing: decomposition, combined messages, decryption only with a key P believes in", () => {
    expect(derives(input([], [msg("P", B.and("x", B.combined("y", "s")))]), B.sees("P", "y"))).toBe(true);
    expect(derives(input([B.believes("P", B.sharedKey("P", "Q", "K"))], [msg("P", B.enc("x", "K"))]), B.sees("P", "x"))).toBe(true);
    expect(derives(input([], [msg("P", B.enc("x", "K"))]), B.sees("P", "x"))).toBe(false);
    expect(derives(input([B.believes("P", B.pubKey("P", "Kp"))], [msg("P", B.enc("x", "Kp"))]), B.sees("P", "x"))).toBe(true);
    expect(derives(input([B.believes("P", B.pubKey("Q", "Kq"))], [msg("P", B.enc("x", "Kq"))]), B.sees("P", "x"))).toBe(false);
    expect(derives(input([B.believes("P", B.pubKey("Q", "Kq"))], [msg("P", B.signed("x", "Kq"))]), B.sees("P", "x"))).toBe(true);
    // A message is seen by its receiver only.
    expect(derives(input([], [msg("P", B.and("x", "y"))]), B.sees("Q", "x"))).toBe(false);
  });
  it("freshness of compounds: a fresh part makes the tuple, ciphertext or combination fresh", () => {
    const t = B.and("n", "x");
    expect(derives(input([B.believes("P", B.fresh("n"))], [], [B.believes("P", B.fresh(t))]), B.believes("P", B.fresh(t)))).toBe(true);
    const c = B.enc(t, "K");
    expect(derives(input([B.believes("P", B.fresh("n"))], [], [B.believes("P", B.fresh(c))]), B.believes("P", B.fresh(c)))).toBe(true);
    const s = B.combined("x", "n");
    expect(derives(input([B.believes("P", B.fresh("n"))], [], [B.believes("P", B.fresh(s))]), B.believes("P", B.fresh(s)))).toBe(true);
    expect(derives(input([B.believes("P", B.fresh("m"))], [], [B.believes("P", B.fresh(t))]), B.believes("P", B.fresh(t)))).toBe(false);
    // A fresh tuple says nothing about the freshness of its parts.
    expect(derives(input([B.believes("P", B.fresh(t))]), B.believes("P", B.fresh("x")))).toBe(false);
  });
});

describe("order and provenance", () => {
  it("records the rule, premises and message of each step", () => {
    const i = input([B.believes("P", B.sharedKey("P", "Q", "K")), B.believes("P", B.fresh("n"))], [{ label: "m1", from: "Q", to: "P", formula: B.enc(B.and("n", "x"), "K") }]);
    const base = saturate(i);
    const f = base.get(B.believes("P", B.believes("Q", B.and("n", "x"))))!;
    expect(f.rule).toBe("nonce-verification");
    expect(f.message).toBe("m1");
    expect(f.step).toBe(1);
    expect(f.premises.map((id) => base.byId(id).rule).sort()).toEqual(["freshness-compound", "message-meaning-shared-key"]);
  });
  it("the step checker rejects a step that does not follow", () => {
    const x = B.believes("P", B.said("Q", "x"));
    expect(followsBy("nonce-verification", B.believes("P", B.believes("Q", "x")), [B.believes("P", B.fresh("x")), x])).toBe(true);
    expect(followsBy("nonce-verification", B.believes("P", B.believes("Q", "x")), [B.believes("P", B.fresh("y")), x])).toBe(false);
    expect(followsBy("jurisdiction", B.believes("P", "x"), [B.believes("P", B.controls("R", "x")), B.believes("P", B.believes("Q", "x"))])).toBe(false);
    expect(followsBy("message-meaning-shared-key", x, [B.believes("P", B.sharedKey("P", "Q", "K")), B.sees("P", B.enc("x", "K", "P"))])).toBe(false);
    expect(followsBy("assumption", x, [x])).toBe(false);
  });
  it("canonical form unwraps one-item tuples", () => {
    expect(canon(B.and("x"))).toEqual({ op: "atom", name: "x" });
    expect(canon(B.and("x", "y"))).not.toEqual({ op: "atom", name: "x" });
  });
});

describe("bounds", () => {
  it("rejects an annotation nested beyond the limit, naming where", () => {
    let f: BanFormula = { op: "atom", name: "x" };
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) f = B.believes("P", f);
    expect(() => saturate(input([f]))).toThrow(BanNestingError);
    expect(() => saturate(input([f]))).toThrow(/assumption a0 nests/);
    let ok: BanFormula = { op: "atom", name: "x" };
    for (let i = 1; i < MAX_INPUT_DEPTH; i++) ok = B.believes("P", ok);
    expect(() => saturate(input([ok]))).not.toThrow();
  });
  it("stops with a typed error when the fact base outgrows its bound", () => {
    const huge = B.and(...Array.from({ length: 20_001 }, (_, i) => `x${i}`));
    expect(() => saturate(input([], [msg("P", huge)]))).toThrow(BanFactLimitError);
  });
});
