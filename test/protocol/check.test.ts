import { describe, expect, it, vi } from "vitest";
import { protocol, SpecDefinitionError, type ProtocolSpec } from "../../protocol/language.ts";
import { assertWellFormed, checkSpec, SpecCheckError } from "../../protocol/check.ts";
import { SPECS } from "../../protocol/registry.ts";
import { aenc, preEnc, senc, sign, tuple, hash } from "../../protocol/terms.ts";
import { B } from "../../protocol/ban.ts";

const header = { name: "T", title: "test", source: "test", description: "" };
const kinds = (s: ProtocolSpec) => checkSpec(s).map((p) => p.kind);

describe("shipped specs", () => {
  it("are all well-formed", () => {
    for (const s of SPECS) expect(checkSpec(s), s.name).toEqual([]);
  });
  it("are deterministic: building twice gives the same model", async () => {
    const first = await import("../../protocol/specs/medexchain.ts");
    vi.resetModules();
    const again = await import("../../protocol/specs/medexchain.ts");
    expect(again.upload).not.toBe(first.upload);
    expect(JSON.stringify(again.upload)).toBe(JSON.stringify(first.upload));
    expect(JSON.stringify(again.share)).toBe(JSON.stringify(first.share));
  });
  it("cover every phase of the brief with messages and every goal with claims", () => {
    const med = SPECS.filter((s) => s.family === "MedExChain");
    const phases = new Set(med.flatMap((s) => s.messages.map((m) => m.phase)));
    for (const p of ["upload", "request", "authorisation", "transfer", "access"]) expect(phases.has(p), p).toBe(true);
    const types = new Set(med.flatMap((s) => s.claims.map((c) => c.type)));
    for (const t of ["Secret", "Alive", "Weakagree", "Niagree", "Nisynch", "Commit", "Running"]) expect(types.has(t as never), t).toBe(true);
  });
});

describe("well-formedness errors", () => {
  it("rejects a send the role cannot construct, naming protocol, role and label", () => {
    const s = protocol(header, (p) => {
      const A = p.role("A"), Bb = p.role("B");
      const n = p.fresh(Bb, "n", "Nonce");
      p.message("1", A, Bb, aenc(p.pk(Bb), n));
    });
    const probs = checkSpec(s);
    expect(probs.map((p) => p.kind)).toContain("unconstructible-send");
    expect(probs[0]).toMatchObject({ protocol: "T", role: "A", label: "1" });
    expect(() => assertWellFormed(s)).toThrow(SpecCheckError);
    expect(() => assertWellFormed(s)).toThrow(/A cannot construct .* does not know n/);
  });

  it("rejects a decrypt check by a role without the key", () => {
    const s = protocol(header, (p) => {
      const A = p.role("A"), Bb = p.role("B"), C = p.role("C");
      const n = p.fresh(A, "n", "Nonce");
      p.message("1", A, Bb, preEnc(p.pk(C, "pk"), n), { checks: [p.check("dec", "decrypt", preEnc(p.pk(C), n), "B decrypts")] });
    });
    expect(kinds(s)).toContain("undecomposable-receive");
  });

  it("rejects a symmetric ciphertext whose key the receiver never learns", () => {
    const s = protocol(header, (p) => {
      const A = p.role("A"), Bb = p.role("B");
      const k = p.fresh(A, "k", "SessionKey");
      const n = p.fresh(A, "n", "Nonce");
      p.message("1", A, Bb, senc(k, n), { checks: [p.check("dec", "decrypt", senc(k, n), "B opens it")] });
      p.claim(Bb, "Secret", n);
    });
    expect(kinds(s)).toEqual(expect.arrayContaining(["undecomposable-receive", "unknown-claim-term"]));
  });

  it("rejects a claim on a term the role does not know", () => {
    const s = protocol(header, (p) => {
      const A = p.role("A"), Bb = p.role("B");
      const n = p.fresh(A, "n", "Nonce");
      p.message("1", A, Bb, aenc(p.pk(Bb), hash("h", n)));
      p.claim(Bb, "Secret", n);
    });
    expect(checkSpec(s)[0]).toMatchObject({ kind: "unknown-claim-term", role: "B" });
  });

  it("rejects a commit without a peer and a secrecy claim without a term", () => {
    const s = protocol(header, (p) => {
      const A = p.role("A"), Bb = p.role("B");
      const n = p.fresh(A, "n", "Nonce");
      p.message("1", A, Bb, n);
      p.claim(Bb, "Commit", n);
      p.claim(Bb, "Secret");
    });
    expect(kinds(s).filter((k) => k === "bad-claim")).toHaveLength(2);
  });

  it("rejects undefined names in hand-made spec data", () => {
    const good = protocol(header, (p) => {
      const A = p.role("A"), Bb = p.role("B");
      p.message("1", A, Bb, p.fresh(A, "n", "Nonce"));
    });
    const ghost = { ...good, messages: [{ ...good.messages[0]!, term: tuple({ kind: "atom", name: "ghost", sort: "Nonce", origin: "fresh", owner: "A" }) }] } as ProtocolSpec;
    expect(checkSpec(ghost)[0]).toMatchObject({ kind: "undefined-name" });
    expect(checkSpec(ghost)[0]!.message).toMatch(/"ghost" is used but never declared/);
    const badRole = { ...good, messages: [{ ...good.messages[0]!, to: "Z" }] } as ProtocolSpec;
    expect(kinds(badRole)).toContain("undefined-name");
    const badScheme = { ...good, messages: [{ ...good.messages[0]!, term: { kind: "pk", role: "A", scheme: "nope" } }] } as ProtocolSpec;
    expect(checkSpec(badScheme)[0]!.message).toMatch(/key scheme "nope"/);
  });

  it("rejects duplicate labels in hand-made spec data and in the builder", () => {
    const good = protocol(header, (p) => {
      const A = p.role("A"), Bb = p.role("B");
      p.message("1", A, Bb, p.fresh(A, "n", "Nonce"));
    });
    const dup = { ...good, messages: [good.messages[0]!, good.messages[0]!] } as ProtocolSpec;
    expect(kinds(dup)).toContain("duplicate-label");
    expect(() =>
      protocol(header, (p) => {
        const A = p.role("A"), Bb = p.role("B");
        p.message("1", A, Bb, p.agent(A));
        p.message("1", Bb, A, p.agent(Bb));
      }),
    ).toThrow(SpecDefinitionError);
    expect(() => protocol(header, (p) => { p.role("A"); p.role("A"); })).toThrow(/declared twice/);
  });

  it("rejects a message to oneself and a role nothing uses", () => {
    const s = protocol(header, (p) => {
      const A = p.role("A");
      p.role("Idle");
      p.message("1", A, A, p.agent(A));
    });
    expect(kinds(s)).toEqual(expect.arrayContaining(["self-message", "unused-role"]));
  });

  it("rejects BAN annotations naming what the spec lacks", () => {
    const s = protocol(header, (p) => {
      const A = p.role("A"), Bb = p.role("B");
      const n = p.fresh(A, "n", "Nonce");
      p.message("1", A, Bb, sign(p.sk(A), n));
      p.ban.assume("x", B.believes("Mallory", B.fresh("nonsense")));
    });
    const probs = checkSpec(s).filter((p) => p.kind === "ban-unknown");
    expect(probs.map((p) => p.message).join("\n")).toMatch(/principal "Mallory"[\s\S]*term "nonsense"/);
    expect(() => protocol(header, (p) => { p.ban.idealise("9", B.fresh("x")); })).toThrow(/names message "9"/);
  });

  it("accepts a role that opens a re-encrypted ciphertext with its own PRE key", () => {
    const s = protocol(header, (p) => {
      const A = p.role("A"), Bb = p.role("B"), Px = p.role("Px");
      p.scheme({ name: "pre", use: "pre", algorithm: "test" });
      const m = p.fresh(A, "m", "DataKey");
      p.message("1", A, Px, preEnc(p.pk(Px, "pre"), m));
      p.claim(Bb, "Alive");
    });
    expect(checkSpec(s)).toEqual([]);
  });
});
