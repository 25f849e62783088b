// The audit log's hash chain: intact after a share, every alteration found, steps matched across chains.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { deployed, flipByte, type Deployed } from "./fixture.ts";
import { runLedgerWalkthrough } from "../../../scenario/walkthrough.ts";
import { computeEntryHash, PHASES, phaseName, readAuditLog, readStoredAuditHashes, verifyAuditLog, type AuditEntry } from "../../../reference/chains/audit-log.ts";
import type { ContractHandle } from "../../../reference/chains/contract-handle.ts";

let env: Deployed;
const logs = new Map<string, { handle: ContractHandle; entries: AuditEntry[] }>();

beforeAll(async () => {
  env = await deployed();
  await runLedgerWalkthrough(env.d, env.committee);
  const handles: ContractHandle[] = [env.d.a.registry, env.d.a.phrIndex, env.d.b.registry, env.d.b.exchange, env.d.relay.relayLog];
  for (const h of handles) logs.set(h.label, { handle: h, entries: await readAuditLog(h.chain, h) });
});
afterAll(async () => {
  await env.chains.close();
});

function at(h: ContractHandle) {
  return { chainId: BigInt(h.chain.profile.chainId), contract: h.address };
}

describe("audit log", () => {
  it("has the phase codes of src/Phases.sol", () => {
    const sol = readFileSync(new URL("../../../reference/contracts/src/Phases.sol", import.meta.url), "utf8");
    const fromSol = Object.fromEntries([...sol.matchAll(/uint8 internal constant (\w+) = (\d+);/g)].map((m) => [m[1]!, Number(m[2])]));
    expect(fromSol).toEqual(PHASES);
    expect(phaseName(5)).toBe("GRANT");
    expect(phaseName(99)).toBe("UNKNOWN(99)");
  });

  it("verifies on every contract of every chain after a share, against the stored hashes and head", async () => {
    for (const { handle, entries } of logs.values()) {
      expect(entries.length).toBeGreaterThan(0);
      const stored = await readStoredAuditHashes(handle.chain, handle);
      expect(verifyAuditLog(entries, at(handle), stored)).toEqual([]);
    }
  });

  it("recomputes entry hashes exactly as the contract does", async () => {
    const { handle, entries } = logs.get("PhrIndexA")!;
    const e = entries[entries.length - 1]!;
    const onChain = await handle.chain.read<Hex>({ contract: handle, functionName: "computeEntryHash", args: [e.seq, e.phase, e.actor, e.payloadHash, e.prevHash] });
    expect(computeEntryHash(at(handle).chainId, handle.address, e)).toBe(onChain);
    expect(onChain).toBe(e.entryHash);
  });

  it("detects an altered field, a rewritten link, a dropped entry and a copy from another chain", async () => {
    const { handle, entries } = logs.get("PhrIndexA")!;
    const stored = await readStoredAuditHashes(handle.chain, handle);
    const i = 3;
    const altered = entries.map((e, j) => (j === i ? { ...e, payloadHash: flipByte(e.payloadHash, 0) } : e));
    expect(verifyAuditLog(altered, at(handle), stored).map((f) => f.kind)).toEqual(["bad-entry-hash", "stored-hash-mismatch"]);

    // An insider who recomputes the altered entry's hash breaks the next link and the stored copy.
    const forged = { ...entries[i]!, payloadHash: flipByte(entries[i]!.payloadHash, 0) };
    forged.entryHash = computeEntryHash(at(handle).chainId, handle.address, forged);
    const rewritten = entries.map((e, j) => (j === i ? forged : e));
    const kinds = verifyAuditLog(rewritten, at(handle), stored).map((f) => f.kind);
    expect(kinds).toContain("stored-hash-mismatch");
    expect(kinds).toContain("broken-link");

    const dropped = entries.filter((_, j) => j !== i);
    expect(verifyAuditLog(dropped, at(handle), stored).map((f) => f.kind)).toEqual(expect.arrayContaining(["sequence-gap", "broken-link", "length-mismatch"]));

    const elsewhere = { chainId: 7002n, contract: handle.address };
    expect(verifyAuditLog(entries, elsewhere).filter((f) => f.kind === "bad-entry-hash")).toHaveLength(entries.length);
  });

  it("links each cross-chain step to its counterpart by payload hash and source entry", async () => {
    const a = logs.get("PhrIndexA")!.entries;
    const b = logs.get("ExchangeB")!.entries;
    const relay = logs.get("RelayLog")!.entries;
    const one = (es: AuditEntry[], phase: number) => {
      const hit = es.filter((e) => e.phase === phase);
      expect(hit).toHaveLength(1);
      return hit[0]!;
    };
    const request = one(b, PHASES.REQUEST);
    const accepted = one(a, PHASES.REQUEST_ACCEPTED);
    expect(accepted.payloadHash).toBe(request.payloadHash);
    const reenc = one(a, PHASES.REENCRYPT);
    const delivered = one(b, PHASES.DELIVER);
    expect(delivered.payloadHash).toBe(reenc.payloadHash);
    expect(relay.filter((e) => e.phase === PHASES.RELAY)).toHaveLength(2);

    const carried = await env.d.relay.relayLog.events("Carried");
    expect(carried.map((c) => c.args.srcEntryHash)).toEqual([request.entryHash, reenc.entryHash]);
    expect(carried.map((c) => c.args.payloadHash)).toEqual([request.payloadHash, reenc.payloadHash]);
    expect(relay.filter((e) => e.phase === PHASES.RELAY).map((e) => e.payloadHash)).toEqual(carried.map((c) => c.args.digest));
  });
});
