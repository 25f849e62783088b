// The BAN annotations are read against the spec's messages before proving: an idealisation may not
// claim what its message does not carry, and a freshness assumption must name a fresh value.
import { describe, expect, it } from "vitest";
import { SPECS } from "../../../protocol/registry.ts";
import { BAN_CLASSICS } from "../../../protocol/specs/ban-classics/index.ts";
import { B } from "../../../protocol/ban.ts";
import { protocol } from "../../../protocol/language.ts";
import { sign, tuple } from "../../../protocol/terms.ts";
import { groundBan, groundingProblems } from "../../../verify/ban/grounding.ts";
import { formatProblem } from "../../../protocol/check.ts";
import { proveSpec, protocolMarkdown } from "../../../verify/ban/index.ts";
import { mutantsOf } from "../../../verify/mutants.ts";

const share = SPECS.find((s) => s.name === "MedExChainShare")!;
const upload = SPECS.find((s) => s.name === "MedExChainUpload")!;
const mutant = (spec: typeof share, id: string) => {
  const m = mutantsOf(spec).find((x) => x.id === id);
  if (!m) throw new Error(`no mutant ${id}`);
  return m.spec;
};

/** A two-party protocol whose message 1 is B's signature over (A, n), idealised as `ideal`. */
function signedNonce(ideal: (x: { n: string; k: string }) => ReturnType<typeof B.signed>, freshN = true) {
  return protocol({ name: "Toy", title: "toy", source: "test", family: "test", description: "toy" }, (p) => {
    const A = p.role("A", "verifier");
    const Bb = p.role("B", "signer");
    p.scheme({ name: "sig", use: "signature", algorithm: "any", registeredOn: "x" });
    const n = freshN ? p.fresh(Bb, "n", "Nonce") : p.constant("n", "Nonce");
    const extra = p.constant("c", "ChainId");
    const pkB = p.pk(Bb, "sig");
    p.message("1", Bb, A, tuple(extra, sign(p.sk(Bb, "sig"), p.agent(A), n)));
    p.ban.assume("A-pkB", B.believes(A, B.pubKey(Bb, pkB)));
    p.ban.assume("A-fresh-n", B.believes(A, B.fresh(n)));
    p.ban.idealise("1", ideal({ n: "n", k: "pk_sig(B)" }));
    p.ban.goal("A-B-n", B.believes(A, B.believes(Bb, B.and(p.agent(A), n))), "A agrees with B on n");
  });
}

describe("grounding the BAN annotations in the messages", () => {
  it("finds every shipped spec and every BAN-paper classic fully grounded", () => {
    for (const spec of [...SPECS, ...BAN_CLASSICS.map((c) => c.spec)]) {
      const g = groundBan(spec);
      expect(g.unsupported, spec.name).toEqual([]);
      expect(g.unjustified, spec.name).toEqual([]);
      expect(g.input.ban).toEqual(spec.ban);
    }
  });

  it("does not accept silently a key the signer never signed: B signs only A's nonce, idealised as vouching for a shared key", () => {
    // The example: the signature covers (A, n) only; reading it as "A and B share K" invents K.
    const keyed = (interpret: boolean) =>
      protocol({ name: "ToyKey", title: "toy", source: "test", family: "test", description: "toy" }, (p) => {
        const A = p.role("A", "verifier");
        const Bb = p.role("B", "signer");
        p.scheme({ name: "sig", use: "signature", algorithm: "any", registeredOn: "x" });
        const n = p.fresh(A, "n", "Nonce");
        const k = p.fresh(Bb, "K", "SessionKey");
        void k;
        const pkB = p.pk(Bb, "sig");
        p.message("1", Bb, A, sign(p.sk(Bb, "sig"), p.agent(A), n));
        p.ban.assume("A-pkB", B.believes(A, B.pubKey(Bb, pkB)));
        p.ban.assume("A-fresh-n", B.believes(A, B.fresh(n)));
        p.ban.assume("A-B-controls-K", B.believes(A, B.controls(Bb, B.sharedKey(A, Bb, "K"))));
        p.ban.idealise("1", B.signed(B.and("A", "n", B.sharedKey(A, Bb, "K")), "pk_sig(B)"));
        if (interpret) p.ban.interpret("1", B.sharedKey(A, Bb, "K"), "a reading the test declares on purpose");
        p.ban.goal("A-key", B.believes(A, B.sharedKey(A, Bb, "K")), "A believes it shares K with B");
      });
    const silent = proveSpec(keyed(false), { kind: "spec" });
    expect(silent.unsupported.map((u) => [u.message, u.part])).toEqual([["1", "A ↔[K] B"]]);
    expect(silent.unsupported[0]!.reason).toMatch(/K does not occur under the signature .* nothing carries the statement/);
    expect(silent.goals.find((g) => g.id === "A-key")!.proved).toBe(false);
    expect(silent.ok).toBe(false);
    // Declared as an interpretation, it is accepted and listed as such in the report.
    const declared = proveSpec(keyed(true), { kind: "spec" });
    expect(declared.unsupported).toEqual([]);
    expect(declared.interpretive).toEqual([{ message: "1", statement: "A ↔[K] B", why: "a reading the test declares on purpose" }]);
    expect(declared.goals.find((g) => g.id === "A-key")!.proved).toBe(true);
    expect(protocolMarkdown(declared)).toContain("**Interpretive assumptions**");
  });

  it("lists the share's registry readings as interpretive assumptions, and nothing else", () => {
    expect(groundBan(share).interpretive.map((i) => [i.message, i.statement])).toEqual([
      ["rq2", "→[pk_ed25519B(HB)] HB"],
      ["dl1", "→[pk_ecdsaA(P)] P"],
    ]);
  });

  it("accepts an idealisation the message carries, and proves the goal", () => {
    const spec = signedNonce(({ n, k }) => B.signed(B.and("A", n), k));
    expect(groundBan(spec).unsupported).toEqual([]);
    expect(proveSpec(spec, { kind: "spec" }).ok).toBe(true);
  });

  it("removes a part the signature does not cover, and the goal that needed it fails", () => {
    // c travels in the message, but outside B's signature: B never vouched for it.
    const spec = signedNonce(({ n, k }) => B.signed(B.and("A", n, "c"), k));
    const g = groundBan(spec);
    expect(g.unsupported).toEqual([{ message: "1", part: "c", reason: "c does not occur under the signature with the private key of pk_sig(B)" }]);
    const report = proveSpec(spec, { kind: "spec" });
    expect(report.ok).toBe(false);
    expect(report.unsupported).toHaveLength(1);
    expect(protocolMarkdown(report)).toContain("**Idealisation not supported by the messages**");
    expect(protocolMarkdown(report)).toContain("- 1: `c` — c does not occur under the signature with the private key of pk_sig(B)");
    // `medexchain check` reports the same to the designer.
    expect(groundingProblems(spec).map(formatProblem)).toEqual([
      "  [ban-ungrounded] Toy, message 1: the BAN idealisation claims c, but c does not occur under the signature with the private key of pk_sig(B); fix the idealisation or the message",
    ]);
  });

  it("removes a signature the message does not carry at all", () => {
    const spec = signedNonce(({ n }) => B.signed(B.and("A", n), "pk_sig(A)"));
    expect(groundBan(spec).unsupported[0]).toMatchObject({ message: "1", reason: "no signature with the private key of pk_sig(A) occurs in message 1" });
    expect(groundBan(spec).input.ban.idealised).toEqual([]);
    expect(proveSpec(spec, { kind: "spec" }).goals[0]!.proved).toBe(false);
  });

  it("drops a freshness assumption about a constant", () => {
    const spec = signedNonce(({ n, k }) => B.signed(B.and("A", n), k), false);
    const g = groundBan(spec);
    expect(g.unjustified).toEqual([{ assumption: "A-fresh-n", formula: "A |≡ #(n)", reason: "none of n is generated fresh in the spec, so nothing makes it fresh" }]);
    expect(g.input.ban.assumptions.map((a) => a.id)).toEqual(["A-pkB"]);
    expect(groundingProblems(spec)[0]!.message).toBe("BAN assumption A-fresh-n (A |≡ #(n)): none of n is generated fresh in the spec, so nothing makes it fresh");
    const report = proveSpec(spec, { kind: "spec" });
    expect(report.goals[0]!.proved).toBe(false);
    expect(report.ok).toBe(false);
  });

  it("catches a field dropped from the patient's grant, inside a nested conjunction, in both messages that carry the grant", () => {
    const spec = mutant(share, "MedExChainShare:drop-field:rec from sk_ecdsaA(P)@gr1");
    const g = groundBan(spec);
    expect(g.unsupported.map((u) => [u.message, u.part])).toEqual([
      ["gr1", "rec"],
      ["dl1", "rec"],
    ]);
    const lost = proveSpec(spec, { kind: "spec" }).goals.filter((x) => !x.proved).map((x) => x.id);
    expect(lost).toContain("HB-P-current");
    expect(lost).toContain("R-P-granted");
  });

  it("catches the chain identifiers dropped from HB's request: P no longer agrees on where it was meant to go", () => {
    const spec = mutant(share, "MedExChainShare:drop-field:chainA from sk_ed25519B(HB)@rq1");
    expect(groundBan(spec).unsupported.map((u) => u.message)).toEqual(["rq1", "rq2"]);
    const lost = proveSpec(spec, { kind: "spec" }).goals.filter((x) => !x.proved).map((x) => x.id);
    expect(lost).toEqual(expect.arrayContaining(["P-HB-current", "R-HB-requested"]));
  });

  it("catches a device timestamp made constant: the upload is no longer known to be fresh", () => {
    const spec = mutant(upload, "MedExChainUpload:fresh-to-constant:tsD");
    expect(groundBan(spec).unjustified.map((u) => u.assumption).sort()).toEqual(["F-fresh-tsD", "HA-fresh-tsD"]);
    const lost = proveSpec(spec, { kind: "spec" }).goals.filter((x) => !x.proved).map((x) => x.id);
    expect(lost).toEqual(expect.arrayContaining(["HA-upload-fresh", "HA-D-current", "F-D-current"]));
  });
});
