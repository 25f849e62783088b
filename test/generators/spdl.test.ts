import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { SPECS } from "../../protocol/registry.ts";
import { needhamSchroeder78, needhamSchroederLowe } from "../../protocol/specs/needham-schroeder.ts";
import { protocol, type ProtocolSpec } from "../../protocol/language.ts";
import { aenc, hash, preEnc, reEnc, reKey, rerand, senc, sign, tuple } from "../../protocol/terms.ts";
import { modelClaims, modelPath, spdlModel } from "../../generators/spdl.ts";
import { SpdlNameError } from "../../generators/spdl-names.ts";
import { SpdlRenderError } from "../../generators/spdl-view.ts";
import { lintSpdl, parseSpdl, SpdlParseError } from "../../generators/spdl-parse.ts";
import { compareWithSpec } from "../../verify/model-checks.ts";
import { repoRoot } from "../../cli/repo-root.ts";

const root = repoRoot();
const header = (name: string) => ({ name, title: name, source: "test", description: "" });

/** A small PRE share: A encrypts for itself, grants B, the proxy X re-encrypts; uses every MedExChain primitive. */
function preShare(opts: { consent?: boolean; channel?: "direct" | "oob" | "storage" } = {}): ProtocolSpec {
  return protocol(header("Pre"), (p) => {
    p.scheme({ name: "pre", use: "pre", algorithm: "test" });
    p.scheme({ name: "sig", use: "signature", algorithm: "test" });
    const A = p.role("A");
    const B = p.role("B");
    const X = p.role("X");
    const pa = p.keyPair(A, "pre");
    const pb = p.keyPair(B, "pre");
    const k = p.fresh(A, "dk", "DataKey");
    const r = p.fresh(X, "r", "Randomness");
    const n = p.fresh(B, "n", "Nonce");
    p.message("m0", B, A, tuple(p.agent(B), n), opts.channel ? { channel: opts.channel } : {});
    const rk = reKey(pa.sk, pb.pk);
    const ct = rerand(preEnc(pa.pk, k), r);
    p.message("m1", A, X, tuple(preEnc(pa.pk, k), rk, sign(p.sk(A, "sig"), p.agent(B), n, hash("h", rk))), {
      ...(opts.consent ? { checks: [p.check("ok", "consent", p.agent(B), "A trusts B")] } : {}),
    });
    p.message("m2", X, B, tuple(reEnc(rk, ct), sign(p.sk(A, "sig"), p.agent(B), n, hash("h", rk))), {
      ...(opts.consent ? { checks: [p.check("ok", "consent", p.agent(A), "B trusts A")] } : {}),
    });
    p.claim(B, "Secret", k, { label: "B1" });
    p.claim(B, "Alive", undefined, { label: "B2", peer: A });
  });
}

describe("the Scyther models", () => {
  it("are committed and fresh for every shipped spec (golden files)", () => {
    for (const s of SPECS) expect(readFileSync(join(root, modelPath(s)), "utf8"), s.name).toBe(spdlModel(s));
  });

  it("are deterministic: the same spec built twice gives the same bytes", async () => {
    const first = await import("../../protocol/registry.ts");
    vi.resetModules();
    const again = await import("../../protocol/registry.ts");
    expect(again.SPECS[0]).not.toBe(first.SPECS[0]);
    for (const [i, s] of first.SPECS.entries()) expect(spdlModel(again.SPECS[i]!)).toBe(spdlModel(s));
  });

  it("parse back, pass Scyther's static rules and state each spec's roles, events and claims", () => {
    for (const s of SPECS) {
      const parsed = parseSpdl(spdlModel(s));
      expect(lintSpdl(parsed), s.name).toEqual([]);
      expect(compareWithSpec(s, parsed), s.name).toEqual([]);
      const p = parsed.protocols.find((x) => x.name === s.name)!;
      const claims = p.roles.flatMap((r) => r.events.filter((e) => e.kind === "claim").map((e) => (e as { label: string }).label));
      expect(claims.sort()).toEqual(s.claims.map((c) => c.label).sort());
    }
  });

  it("state Needham–Schroeder as the textbook does, and NSL with R's name in message 2", () => {
    const ns = spdlModel(needhamSchroeder78);
    const nsl = spdlModel(needhamSchroederLowe);
    expect(ns).toContain("send_1(I,R, {ni, I}pk(R));");
    expect(ns).toContain("send_2(R,I, {ni, nr}pk(I));");
    expect(nsl).toContain("send_2(R,I, {ni, nr, R}pk(I));");
    expect(ns).toContain("recv_3(I,R, {nr}pk(R));");
    expect(ns).toMatch(/role R\n\s*\{[^}]*fresh nr: Nonce;\s*var ni: Nonce;/);
    expect(ns).not.toContain("Eve"); // the default PKI needs no extra compromise lines
  });

  it("lists the claims Scyther reports, with parameters, and leaves out Running signals", () => {
    const claims = modelClaims(needhamSchroeder78);
    expect(claims.map((c) => c.label)).toEqual(["I1", "I2", "I3", "I4", "I5", "I6", "R1", "R2", "R3", "R4", "R5", "R6"]);
    expect(claims[0]).toMatchObject({ protocol: "NS", role: "I", type: "Secret", parameter: "ni" });
    const share = SPECS.find((s) => s.name === "MedExChainShare")!;
    expect(modelClaims(share).some((c) => c.type === "Running")).toBe(false);
  });
});

describe("the abstractions the generator applies", () => {
  const model = spdlModel(preShare());

  it("declares extra schemes as inverse key functions, with the untrusted agent's keys compromised", () => {
    expect(model).toContain("inversekeyfunctions(pkPre, skPre);");
    expect(model).toContain("inversekeyfunctions(pkPre1, skPre1);");
    expect(model).toContain("inversekeyfunctions(pkSig, skSig);");
    expect(model).toContain("compromised skPre(Eve), skPre1(Eve), skSig(Eve);");
    expect(model).toContain("hashfunction rekeyPre;");
  });

  it("models re-encryption as a first-level ciphertext for the grantee, and gives the adversary a re-encryption oracle", () => {
    expect(model).toContain("send_m2(X,B, {dk}pkPre1(B),");
    expect(model).toMatch(/protocol @ReEncPre\(X\)[^]*recv_!o1\(X,X, \{M\}pkPre\(A\), rekeyPre\(skPre\(A\), pkPre\(B\)\)\);\s*send_!o2\(X,X, \{M\}pkPre1\(B\)\);/);
    expect(model).toContain("var M: DataKey;");
  });

  it("lets the proxy see the ciphertext it re-encrypts and the key it re-encrypts with, nothing more", () => {
    expect(model).toContain("recv_m1(A,X, {dk}pkPre(A), rekeyPre(skPre(A), pkPre(B)),");
    // Re-randomisation keeps the plaintext and key: the same ciphertext symbolically; the randomness stays unused.
    expect(model).not.toContain("rr(");
  });

  it("writes Alive with a peer as Scyther's one-role aliveness", () => {
    expect(model).toContain("claim_B2(B, Alive, A);");
  });

  it("turns a consent check into a guard against the untrusted agent after the receive", () => {
    const guarded = spdlModel(preShare({ consent: true }));
    expect(guarded).toMatch(/recv_m1\(A,X, [^\n]*\n\s*not match\(B, Eve\);/);
    expect(guarded).toMatch(/recv_m2\(X,B, [^\n]*\n\s*not match\(A, Eve\);/);
    expect(model).not.toContain("not match");
  });

  it("makes out-of-band and storage messages adversary I/O, and direct ones ordinary events", () => {
    const oob = spdlModel(preShare({ channel: "oob" }));
    expect(oob).toContain("send_!m0(B,A, B, n);");
    expect(oob).toContain("recv_!m0(B,A, B, n);");
    expect(spdlModel(preShare({ channel: "storage" }))).toContain("recv_!m0(B,A, B, n);");
    expect(spdlModel(preShare({ channel: "direct" }))).toContain("recv_m0(B,A, B, n);");
  });

  it("in opaque mode, takes what a role cannot open as a Ticket and checks it once it can", () => {
    const spec = protocol(header("Opaque"), (p) => {
      const I = p.role("I");
      const R = p.role("R");
      const d = p.fresh(I, "d", "Data");
      const key = p.fresh(I, "key", "SessionKey");
      const blob = senc(key, d);
      p.message("1", I, R, tuple(hash("h", blob), aenc(p.pk(R), key)));
      p.message("2", I, R, blob);
      p.claim(R, "Secret", d, { label: "R1" });
    });
    const opaque = spdlModel(spec, { opaque: true });
    expect(opaque).toContain("var hV: Ticket;");
    expect(opaque).toContain("recv_1(I,R, hV, {key}pk(R));");
    expect(opaque).toMatch(/recv_2\(I,R, \{d\}key\);\s*match\(hV, h\(\{d\}key\)\);/);
    const plain = spdlModel(spec);
    expect(plain).toContain("recv_1(I,R, h({d}key), {key}pk(R));");
    expect(plain).not.toContain("Ticket");
  });
});

describe("the generator refuses what it cannot state", () => {
  it("rejects a name Scyther reserves", () => {
    const spec = protocol(header("Bad"), (p) => {
      const I = p.role("I");
      const R = p.role("R");
      p.message("1", I, R, p.fresh(I, "Eve", "Nonce"));
    });
    expect(() => spdlModel(spec)).toThrow(SpdlNameError);
  });

  it("rejects a claim label that is also a message label", () => {
    const spec = protocol(header("Clash"), (p) => {
      const I = p.role("I");
      const R = p.role("R");
      const n = p.fresh(I, "n", "Nonce");
      p.message("X1", I, R, aenc(p.pk(R), n));
      p.claim(R, "Secret", n, { label: "X1b" });
    });
    expect(() => spdlModel(spec)).not.toThrow();
    const clash = { ...spec, claims: spec.claims.map((c) => ({ ...c, label: "X1" })) };
    expect(() => spdlModel(clash)).toThrow(/also a message label/);
  });

  it("rejects a role sending a value it has not received", () => {
    const spec = protocol(header("Early"), (p) => {
      const I = p.role("I");
      const R = p.role("R");
      const n = p.fresh(I, "n", "Nonce");
      p.message("1", R, I, n);
    });
    expect(() => spdlModel(spec)).toThrow(SpdlRenderError);
  });

  it("rejects a re-encryption of something that is not a PRE ciphertext to the key's owner", () => {
    const spec = protocol(header("NotPre"), (p) => {
      p.scheme({ name: "pre", use: "pre", algorithm: "test" });
      const A = p.role("A");
      const B = p.role("B");
      const pa = p.keyPair(A, "pre");
      const pb = p.keyPair(B, "pre");
      const dk = p.fresh(A, "dk", "DataKey");
      p.message("1", A, B, reEnc(reKey(pa.sk, pb.pk), aenc(p.pk(B), dk)));
    });
    expect(() => spdlModel(spec)).toThrow(/not a PRE ciphertext/);
  });
});
