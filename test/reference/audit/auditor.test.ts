// The auditor: clean on an honest run, and each tampered view of the chains produces the finding
// that names the party at fault (a view, because the chains themselves cannot be rewritten).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, type Hex } from "viem";
import { startEmbeddedChains } from "../../../reference/chains/embedded.ts";
import type { ChainSet } from "../../../reference/chains/adapter.ts";
import { runDemo } from "../../../scenario/demo.ts";
import { auditView } from "../../../reference/audit/auditor.ts";
import { cloneView, readAuditView, type AuditView } from "../../../reference/audit/chain-view.ts";
import { formatAuditReport } from "../../../reference/audit/report-text.ts";
import { dropEntry, relinkFrom, rewriteRecord } from "../../../adversary/attacks/insider.ts";
import type { Finding } from "../../../reference/audit/findings.ts";

let chains: ChainSet;
let view: AuditView;

beforeAll(async () => {
  chains = await startEmbeddedChains();
  const run = await runDemo(chains, { records: 2, refusals: 1, seed: "audit-test" });
  expect(run.summary.audit.clean).toBe(true);
  view = await readAuditView(run.deployment.world.deployment);
});
afterAll(async () => {
  await chains?.close();
});

const flip = (h: Hex, at = -1): Hex => {
  const i = at < 0 ? h.length + at * 2 : 2 + at * 2;
  return `${h.slice(0, i)}${(parseInt(h.slice(i, i + 2), 16) ^ 1).toString(16).padStart(2, "0")}${h.slice(i + 2)}` as Hex;
};
const kinds = (fs: readonly Finding[]) => fs.map((f) => `${f.kind} ${f.phase} ${f.chain} ${f.party}`);
const event = (v: AuditView, contract: keyof AuditView["contracts"], name: string) => v.contracts[contract].events.find((e) => e.eventName === name)!;

describe("an honest run", () => {
  it("is clean, with every share followed across the three chains", async () => {
    const r = await auditView(view);
    expect(r.findings).toEqual([]);
    expect(r.clean).toBe(true);
    expect(r.shares.map((s) => s.status).sort()).toEqual(["acknowledged", "refusal-delivered"]);
    const granted = r.shares.find((s) => s.status === "acknowledged")!;
    expect(granted.steps.map((s) => s.phase)).toEqual(["REQUEST", "RELAY", "REQUEST_ACCEPTED", "GRANT", "REENCRYPT", "RELAY", "DELIVER", "ACK"]);
    expect(r.entries).toBe(Object.values(view.contracts).reduce((n, c) => n + c.entries.length, 0));
    expect(formatAuditReport(r)).toContain("verdict: CLEAN");
  });
});

describe("an insider on chain A rewriting a record", () => {
  it("rewriting the event only: its entry's payload hash no longer matches, chain A is named", async () => {
    const ev = event(view, "PhrIndexA", "RecordAnchored");
    const r = await auditView(rewriteRecord(view, ev.args.recordId as Hex, "blobHash", keccak256("0x01"), { consistent: false }));
    expect(r.clean).toBe(false);
    expect(kinds(r.findings)).toContain("altered ANCHOR A chain-A");
  });

  it("rewriting consistently (payload hash, entry hashes, links): the contract's stored hashes give it away", async () => {
    const ev = event(view, "PhrIndexA", "RecordAnchored");
    const r = await auditView(rewriteRecord(view, ev.args.recordId as Hex, "cid", "0x01551220" as Hex, { consistent: true }));
    const found = r.findings.filter((f) => f.chain === "A");
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.party === "chain-A" || f.kind === "altered" || f.kind === "bad-signature")).toBe(true);
    expect(found.some((f) => f.kind === "altered" && f.detail.includes("stores"))).toBe(true);
    // The anchoring signature (an1.sig_HA) no longer covers the rewritten CID either.
    expect(kinds(found)).toContain("bad-signature ANCHOR A HA");
  });

  it("deleting an entry and relinking the rest: a gap against the stored length", async () => {
    const grant = view.contracts.PhrIndexA.entries.find((e) => e.phase === 5)!;
    const r = await auditView(dropEntry(view, "PhrIndexA", grant.seq));
    expect(r.findings.some((f) => f.kind === "gap" && f.chain === "A" && f.party === "chain-A" && f.detail.includes("holds"))).toBe(true);
    // Without its grant the re-encryption is unexplained.
    expect(kinds(r.findings)).toContain("delivery-without-grant REENCRYPT A R");
  });

  it("an entry's field altered without relinking: its hash no longer matches", async () => {
    const v = cloneView(view);
    v.contracts.PhrIndexA.entries[2]!.actor = "0x000000000000000000000000000000000000dEaD";
    const r = await auditView(v);
    expect(r.findings.some((f) => f.kind === "altered" && f.chain === "A" && f.party === "chain-A" && f.detail.includes("fields hash"))).toBe(true);
    expect(r.findings.some((f) => f.kind === "broken-link" || f.kind === "altered")).toBe(true);
  });
});

describe("proofs of possession the registries could not check", () => {
  it("a patient's PRE key proof (GT half) that does not verify names the patient", async () => {
    const v = cloneView(view);
    const reg = v.contracts.IdentityRegistryA.events.find((e) => e.eventName === "PartyRegistered" && Number(e.args.role) === 1)!;
    reg.args.gtPossession = flip(reg.args.gtPossession as Hex, 40);
    const r = await auditView(v);
    expect(kinds(r.findings)).toContain("bad-signature REGISTER A P");
  });

  it("a hospital registered with an Ed25519 proof that does not verify names chain B's registrar", async () => {
    const v = cloneView(view);
    const reg = event(v, "IdentityRegistryB", "HospitalRegistered");
    reg.args.ed25519Possession = flip(reg.args.ed25519Possession as Hex, 5);
    const r = await auditView(v);
    expect(kinds(r.findings)).toContain("bad-signature REGISTER B registrar");
  });
});

describe("cross-chain matching names the relay", () => {
  it("a re-encrypted ciphertext that is not the re-encryption of the anchored one", async () => {
    const v = cloneView(view);
    const re = event(v, "PhrIndexA", "ReEncrypted");
    re.args.reCiphertext = flip(re.args.reCiphertext as Hex, 10);
    const r = await auditView(v);
    expect(kinds(r.findings)).toContain("bad-reencryption REENCRYPT A R");
    // Charged to the members whose signatures vouch for it, as chain A recorded them.
    const f = r.findings.find((x) => x.kind === "bad-reencryption")!;
    expect(f.members?.length).toBeGreaterThanOrEqual(2);
    expect(f.members).toEqual(re.args.signers);
  });

  it("a ReEncrypted event naming signers other than the proof's is an alteration by chain A", async () => {
    const v = cloneView(view);
    const re = event(v, "PhrIndexA", "ReEncrypted");
    re.args.signers = [(re.args.signers as string[])[0]];
    const r = await auditView(v);
    expect(kinds(r.findings)).toContain("altered REENCRYPT A chain-A");
  });

  it("a re-encryption proof in the calldata that does not verify names the members", async () => {
    const v = cloneView(view);
    const re = event(v, "PhrIndexA", "ReEncrypted");
    const call = v.contracts.PhrIndexA.calls[re.transactionHash]!;
    v.contracts.PhrIndexA.calls[re.transactionHash] = { ...call, args: [call.args[0], call.args[1], call.args[2], flip(call.args[3] as Hex, 3)] };
    const r = await auditView(v);
    expect(kinds(r.findings)).toContain("bad-proof REENCRYPT A R");
  });

  it("a committee proof in the calldata that does not verify", async () => {
    const v = cloneView(view);
    const [tx, call] = Object.entries(v.contracts.ExchangeB.calls)[0]!;
    v.contracts.ExchangeB.calls[tx as Hex] = { ...call, args: [call.args[0], flip(call.args[1] as Hex, 3)] };
    const r = await auditView(v);
    expect(kinds(r.findings)).toContain("bad-proof DELIVER B R");
  });

  it("a delivery the relay never recorded on the relay chain", async () => {
    const last = view.contracts.RelayLog.entries.at(-1)!;
    const r = await auditView(dropEntry(view, "RelayLog", last.seq));
    expect(kinds(r.findings)).toContain("unrecorded-relay DELIVER B R");
  });

  it("a re-encryption never delivered to chain B (the relay dropped it)", async () => {
    const deliver = view.contracts.ExchangeB.entries.find((e) => e.phase === 8)!;
    const v = dropEntry(view, "ExchangeB", deliver.seq);
    const r = await auditView(v);
    expect(kinds(r.findings)).toContain("gap DELIVER B R");
    // …and the acknowledgement that follows it is out of order.
    expect(kinds(r.findings)).toContain("out-of-order ACK B HB");
  });

  it("an acknowledgement whose hash does not cover the delivery, and whose signature fails", async () => {
    const v = cloneView(view);
    const ak = event(v, "ExchangeB", "Acknowledged");
    ak.args.ackHash = keccak256("0x02");
    const r = await auditView(v);
    expect(kinds(r.findings)).toEqual(expect.arrayContaining(["ack-mismatch ACK B HB", "bad-signature ACK B HB", "altered ACK B chain-B"]));
  });

  it("a request whose Ed25519 signature does not verify names HB", async () => {
    const v = cloneView(view);
    const filed = event(v, "ExchangeB", "RequestFiled");
    const out = v.contracts.ExchangeB.events.find((e) => e.eventName === "Outbound" && e.transactionHash === filed.transactionHash)!;
    // Flip a byte of the signature inside the payload's last 64-byte word.
    out.args.payload = flip(out.args.payload as Hex, -40);
    filed.args.ed25519Sig = flip(filed.args.ed25519Sig as Hex, -40);
    const r = await auditView(v);
    expect(kinds(r.findings)).toContain("bad-signature REQUEST B HB");
  });

  it("a request carried twice is a replay by the relay", async () => {
    const v = cloneView(view);
    const rl = v.contracts.RelayLog;
    const first = rl.events.find((e) => e.eventName === "Carried")!;
    const entry = rl.entries.find((e) => e.transactionHash === first.transactionHash)!;
    const copyTx = "0x".padEnd(66, "7") as Hex;
    rl.events.push({ ...first, transactionHash: copyTx });
    rl.entries.push({ ...entry, seq: BigInt(rl.entries.length + 1), transactionHash: copyTx });
    rl.calls[copyTx] = rl.calls[first.transactionHash]!;
    relinkFrom(v, "RelayLog", rl.entries.length - 1);
    const r = await auditView(v);
    expect(kinds(r.findings)).toContain("replay RELAY relay R");
  });
});
