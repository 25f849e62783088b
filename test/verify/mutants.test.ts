import { describe, expect, it } from "vitest";
import { SPECS } from "../../protocol/registry.ts";
import { needhamSchroeder78, needhamSchroederLowe } from "../../protocol/specs/needham-schroeder.ts";
import { show } from "../../protocol/terms.ts";
import { spdlModel } from "../../generators/spdl.ts";
import { mapTerm, mutantsOf, type MutationOperator } from "../../verify/mutants.ts";
import { stillbornReason } from "../../verify/mutation.ts";

const body = (s: string) => s.split("\n").filter((l) => !l.startsWith("//")).join("\n");

describe("the mutation operators", () => {
  it("turn NSL into NS by leaving R's name out of message 2", () => {
    const m = mutantsOf(needhamSchroederLowe).find((x) => x.id === "NSL:drop-identity:R from pk_pk(I)@2")!;
    expect(m).toBeDefined();
    const asNs = { ...needhamSchroeder78, name: "NSL" };
    expect(body(spdlModel(m.spec))).toBe(body(spdlModel(asNs)).replace(/NS\b/g, "NSL"));
  });

  it("cover every operator on MedExChain, each mutant changing the model", () => {
    const med = SPECS.filter((s) => s.family === "MedExChain");
    const all = med.flatMap(mutantsOf);
    const operators: MutationOperator[] = ["drop-signature", "drop-encryption", "fresh-to-constant", "drop-nonce", "drop-identity", "drop-field", "leak-key"];
    for (const op of operators) expect(all.some((m) => m.operator === op), op).toBe(true);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    for (const m of all) {
      const original = med.find((s) => s.name === m.spec.name)!;
      if (stillbornReason(m)) continue;
      expect(spdlModel(m.spec), m.id).not.toBe(spdlModel(original));
    }
    // The grant can be unbound from its request: the nonce leaves P's signature.
    expect(all.map((m) => m.id)).toContain("MedExChainShare:drop-nonce:nB from sk_ecdsaA(P)@gr1");
  });

  it("leave the original spec untouched", () => {
    const before = JSON.stringify(needhamSchroederLowe);
    mutantsOf(needhamSchroederLowe);
    expect(JSON.stringify(needhamSchroederLowe)).toBe(before);
  });

  it("mark a mutant whose roles can no longer build what they send as not runnable", () => {
    const dropped = mutantsOf(needhamSchroederLowe).find((x) => x.id === "NSL:drop-nonce:ni from pk_pk(R)@1")!;
    expect(stillbornReason(dropped)).toMatch(/sends ni before it has received it/);
    const fine = mutantsOf(needhamSchroederLowe).find((x) => x.id === "NSL:fresh-to-constant:ni")!;
    expect(stillbornReason(fine)).toBeUndefined();
    expect(spdlModel(fine.spec)).toContain("const ni: Nonce;");
  });

  it("send a leaked key in clear in its holder's first message", () => {
    const leak = mutantsOf(needhamSchroederLowe).find((x) => x.id === "NSL:leak-key:sk_pk(R)@2")!;
    expect(spdlModel(leak.spec)).toContain("send_2(R,I, {ni, nr, R}pk(I), sk(R));");
  });

  it("rewrite terms bottom-up without touching what is not matched", () => {
    const t = needhamSchroederLowe.messages[1]!.term;
    expect(mapTerm(t, () => undefined)).toEqual(t);
    const renamed = mapTerm(t, (x) => (x.kind === "atom" && x.name === "nr" ? { ...x, name: "nz" } : undefined));
    expect(show(renamed)).toBe("{(ni, nz, R)}pk_pk(I)");
  });
});

describe("mutants equivalent by construction", () => {
  it("are marked: the signer's own name under its signature, and abstracted-away randomness", () => {
    const upload = SPECS.find((s) => s.name === "MedExChainUpload")!;
    const all = mutantsOf(upload);
    expect(all.find((m) => m.id === "MedExChainUpload:drop-identity:D from sk_blsD(D)@up1")?.equivalent).toMatch(/already names its signer D/);
    expect(all.find((m) => m.id === "MedExChainUpload:fresh-to-constant:s")?.equivalent).toMatch(/re-randomisation randomness/);
    // A Name (the device id) is public and reused by its owner: a constant loses nothing; a fresh nonce does.
    const share = mutantsOf(SPECS.find((s) => s.name === "MedExChainShare")!);
    expect(share.find((m) => m.id === "MedExChainShare:fresh-to-constant:dev")?.equivalent).toMatch(/public identifier/);
    expect(share.find((m) => m.id === "MedExChainShare:fresh-to-constant:nB")?.equivalent).toBeUndefined();
    expect(all.find((m) => m.id === "MedExChainUpload:drop-identity:F from sk_blsD(D)@up1")?.equivalent).toBeUndefined();
    expect(all.find((m) => m.id === "MedExChainUpload:fresh-to-constant:m")?.equivalent).toBeUndefined();
  });
});

describe("a field dropped from a payload that still binds it", () => {
  it("is equivalent; one that does not is not", () => {
    const upload = SPECS.find((s) => s.name === "MedExChainUpload")!;
    const all = mutantsOf(upload);
    // P is still named by the PRE ciphertext {m}pk_pre(P) inside the device's signature.
    expect(all.find((m) => m.id === "MedExChainUpload:drop-identity:P from sk_blsD(D)@up1")?.equivalent).toMatch(/still occurs in the payload/);
    // cid and blobhash are two digests of the same blob: either one binds it.
    expect(all.find((m) => m.id.startsWith("MedExChainUpload:drop-field:cid(") && m.id.endsWith("sk_blsD(D)@up1"))?.equivalent).toMatch(/another digest/);
    // tsD and HA also occur inside the blob's key derivation under the CID, but only as a hash's input,
    // which the firewall verifying the signature cannot compare: dropping them is a real flaw (a replayed
    // upload under a new tsD would pass F's freshness check). The firewall F is named nowhere else.
    expect(all.find((m) => m.id === "MedExChainUpload:drop-nonce:tsD from sk_blsD(D)@up1")?.equivalent).toBeUndefined();
    expect(all.find((m) => m.id === "MedExChainUpload:drop-identity:HA from sk_blsD(D)@up1")?.equivalent).toBeUndefined();
    expect(all.find((m) => m.id === "MedExChainUpload:drop-identity:F from sk_blsD(D)@up1")?.equivalent).toBeUndefined();
  });
});

describe("the BAN prover as a mutation verifier (no Scyther needed)", () => {
  it("kills the mutants whose idealisation or freshness no longer holds, and reports its own score", async () => {
    const { runMutation } = await import("../../verify/mutation.ts");
    const { DEFAULT_SETTINGS } = await import("../../verify/scyther-run.ts");
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const med = SPECS.filter((s) => s.family === "MedExChain");
    const report = await runMutation(undefined, med, DEFAULT_SETTINGS, { concurrency: 1, workDir: mkdtempSync(join(tmpdir(), "ban-mutants-")) });
    expect(report.scyther).toBeNull();
    expect(report.scores.scyther).toBeNull();
    expect(report.scores.proverif).toBeNull();
    expect(report.mutants.every((m) => m.proverif === undefined)).toBe(true);
    expect(report.scores.ban).toBe(report.score);
    const byId = new Map(report.mutants.map((m) => [m.mutant, m]));
    // Fields the Scyther model still binds indirectly, but the party no longer states: BAN's goals need them.
    expect(byId.get("MedExChainShare:drop-field:rec from sk_ecdsaA(P)@gr1")?.ban.goalsLost).toContain("HB-P-current");
    expect(byId.get("MedExChainShare:drop-field:chainB from sk_ed25519B(HB)@rq1")?.killedBy).toMatchObject({ tool: "ban" });
    expect(byId.get("MedExChainShare:fresh-to-constant:tsB")?.ban.grounding.join("; ")).toMatch(/P-fresh-tsB: none of tsB is generated fresh/);
    // A leaked key is a secrecy flaw: BAN's authentication goals cannot see it (Scyther's secrecy claims do).
    const leak = byId.get("MedExChainShare:leak-key:m@an1")!;
    expect(leak.killed).toBe(false);
    expect(leak.reason).toMatch(/all 14 BAN goals still proved; Scyther not run/);
    expect(report.baseline.map((b) => b.banProved.length)).toEqual([5, 14]);
    // Equivalent by construction: BAN's literal reading still flags the signer's own name, but it is not counted.
    const own = report.equivalent.find((e) => e.mutant === "MedExChainShare:drop-identity:HB from sk_ed25519B(HB)@rq1")!;
    expect(own.reason).toMatch(/already names its signer HB/);
    expect(own.banGoalsLost).toContain("R-HB-requested");
    expect(byId.has(own.mutant)).toBe(false);
    expect(report.equivalent.find((e) => e.mutant === "MedExChainUpload:fresh-to-constant:s")!.banGoalsLost).toEqual([]);
  });
});
