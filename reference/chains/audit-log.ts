// The audit log every MedExChain contract keeps (src/AuditLog.sol): reading it from events,
// recomputing its hash chain off-chain and reporting every entry that does not fit.
import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";
import type { ChainAdapter, ContractRef } from "./adapter.ts";
import { eventArgs } from "./typed-events.ts";

import { PHASES } from "../contracts/codes.ts";

export { PHASES };

/** A phase name. */
export type PhaseName = keyof typeof PHASES;

/** The name of phase code `code` ("UNKNOWN(n)" if none). */
export function phaseName(code: number): string {
  const hit = Object.entries(PHASES).find(([, v]) => v === code);
  return hit ? hit[0] : `UNKNOWN(${code})`;
}

/** One audit entry, with where it was emitted. */
export interface AuditEntry {
  seq: bigint;
  phase: number;
  actor: Address;
  payloadHash: Hex;
  prevHash: Hex;
  entryHash: Hex;
  blockNumber: bigint;
  transactionHash: Hex;
}

/** What an audit-log check found wrong. */
export interface AuditLogFinding {
  kind: "bad-entry-hash" | "broken-link" | "sequence-gap" | "stored-hash-mismatch" | "head-mismatch" | "length-mismatch";
  seq: bigint;
  detail: string;
}

/** The hash an entry is stored under: keccak256(abi.encode(chainid, contract, seq, phase, actor, payloadHash, prevHash)). */
export function computeEntryHash(chainId: bigint, contract: Address, e: Pick<AuditEntry, "seq" | "phase" | "actor" | "payloadHash" | "prevHash">): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "uint256" }, { type: "address" }, { type: "uint64" }, { type: "uint8" }, { type: "address" }, { type: "bytes32" }, { type: "bytes32" }],
      [chainId, contract, e.seq, e.phase, e.actor, e.payloadHash, e.prevHash],
    ),
  );
}

const AUDIT_ABI = [
  {
    type: "event",
    name: "AuditEntry",
    inputs: [
      { name: "seq", type: "uint64", indexed: true },
      { name: "phase", type: "uint8", indexed: true },
      { name: "actor", type: "address", indexed: true },
      { name: "payloadHash", type: "bytes32", indexed: false },
      { name: "prevHash", type: "bytes32", indexed: false },
      { name: "entryHash", type: "bytes32", indexed: false },
    ],
  },
  { type: "function", name: "auditHead", stateMutability: "view", inputs: [], outputs: [{ type: "bytes32" }] },
  { type: "function", name: "auditLength", stateMutability: "view", inputs: [], outputs: [{ type: "uint256" }] },
  { type: "function", name: "auditEntryHash", stateMutability: "view", inputs: [{ name: "seq", type: "uint256" }], outputs: [{ type: "bytes32" }] },
] as const;

/** Every audit entry of `contract` on `chain`, in sequence order. */
export async function readAuditLog(chain: ChainAdapter, contract: ContractRef): Promise<AuditEntry[]> {
  const events = await chain.events({ contract: { ...contract, abi: AUDIT_ABI }, eventName: "AuditEntry" });
  return events
    .map((ev) => {
      const a = eventArgs(AUDIT_ABI, "AuditEntry", ev, chain.profile.name);
      return { ...a, blockNumber: ev.blockNumber, transactionHash: ev.transactionHash };
    })
    .sort((x, y) => (x.seq < y.seq ? -1 : x.seq > y.seq ? 1 : 0));
}

/** The contract's own record of its log: length, head and every stored entry hash. */
export async function readStoredAuditHashes(chain: ChainAdapter, contract: ContractRef): Promise<{ head: Hex; hashes: Hex[] }> {
  const ref = { ...contract, abi: AUDIT_ABI };
  const [head, length] = await Promise.all([
    chain.read<Hex>({ contract: ref, functionName: "auditHead" }),
    chain.read<bigint>({ contract: ref, functionName: "auditLength" }),
  ]);
  const hashes = await Promise.all(
    Array.from({ length: Number(length) }, (_, i) => chain.read<Hex>({ contract: ref, functionName: "auditEntryHash", args: [BigInt(i + 1)] })),
  );
  return { head, hashes };
}

const ZERO: Hex = `0x${"00".repeat(32)}`;

/**
 * Recompute the hash chain of `entries` (seq 1..n of one contract) and compare it with the
 * contract's stored hashes when given. Returns every finding; an empty list means the log is intact.
 */
export function verifyAuditLog(
  entries: readonly AuditEntry[],
  at: { chainId: bigint; contract: Address },
  stored?: { head: Hex; hashes: readonly Hex[] },
): AuditLogFinding[] {
  const findings: AuditLogFinding[] = [];
  let prev: Hex = ZERO;
  entries.forEach((e, i) => {
    const expectedSeq = BigInt(i + 1);
    if (e.seq !== expectedSeq) findings.push({ kind: "sequence-gap", seq: e.seq, detail: `expected entry ${expectedSeq}, found ${e.seq}` });
    if (e.prevHash.toLowerCase() !== prev.toLowerCase()) {
      findings.push({ kind: "broken-link", seq: e.seq, detail: `prevHash ${e.prevHash} does not match the previous entry's hash ${prev}` });
    }
    const recomputed = computeEntryHash(at.chainId, at.contract, e);
    if (recomputed.toLowerCase() !== e.entryHash.toLowerCase()) {
      findings.push({ kind: "bad-entry-hash", seq: e.seq, detail: `entry hash ${e.entryHash} but its fields hash to ${recomputed}` });
    }
    const s = stored?.hashes[i];
    if (stored && s !== undefined && s.toLowerCase() !== recomputed.toLowerCase()) {
      findings.push({ kind: "stored-hash-mismatch", seq: e.seq, detail: `the contract stores ${s} for this entry, its fields hash to ${recomputed}` });
    }
    prev = e.entryHash;
  });
  if (stored) {
    if (stored.hashes.length !== entries.length) {
      findings.push({ kind: "length-mismatch", seq: BigInt(entries.length), detail: `the contract holds ${stored.hashes.length} entries, the events show ${entries.length}` });
    }
    const last = entries.length > 0 ? computeEntryHash(at.chainId, at.contract, entries[entries.length - 1]!) : ZERO;
    if (stored.head.toLowerCase() !== last.toLowerCase()) {
      findings.push({ kind: "head-mismatch", seq: BigInt(entries.length), detail: `the contract's head is ${stored.head}, the recomputed chain ends at ${last}` });
    }
  }
  return findings;
}
