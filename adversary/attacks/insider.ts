// An insider on a chain rewriting history. A chain's blocks are immutable, so the insider's power is
// over what its node serves: a view of the log with a record rewritten — naively (the event only),
// or consistently (the event, its entry's payload hash and every later entry's hash and link, so the
// event log alone re-verifies). What it cannot rewrite is what the contract stores and other chains hold.
import { encodeAbiParameters, keccak256, type Hex } from "viem";
import { computeEntryHash } from "../../reference/chains/audit-log.ts";
import { cloneView, type AuditView, type AuditedContract } from "../../reference/audit/chain-view.ts";
import { MedExChainError } from "../../protocol/errors.ts";

/** An insider asked to rewrite something that is not in the log. */
export class TamperError extends MedExChainError {
  constructor(detail: string) {
    super("E_TAMPER_TARGET", `cannot tamper with the view: ${detail}`, "pick a record or entry the chains actually hold");
  }
}

/** Recompute entry hashes and links of `contract` from entry index `from` on, as an insider covering tracks would. */
export function relinkFrom(view: AuditView, contract: AuditedContract, from: number): void {
  const c = view.contracts[contract];
  for (let i = from; i < c.entries.length; i++) {
    const e = c.entries[i]!;
    if (i > 0) e.prevHash = c.entries[i - 1]!.entryHash;
    e.entryHash = computeEntryHash(c.chainId, c.address, e);
  }
}

/** A view of the chains in which record `recordId`'s anchored field `field` reads `value`. */
export function rewriteRecord(view: AuditView, recordId: Hex, field: "cid" | "blobHash" | "preCiphertext" | "owner", value: Hex, opts: { consistent: boolean }): AuditView {
  const v = cloneView(view);
  const c = v.contracts.PhrIndexA;
  const ev = c.events.find((e) => e.eventName === "RecordAnchored" && String(e.args.recordId).toLowerCase() === recordId.toLowerCase());
  if (!ev) throw new TamperError(`record ${recordId} is not anchored on chain A`);
  ev.args[field] = value;
  if (opts.consistent) {
    const i = c.entries.findIndex((e) => e.transactionHash === ev.transactionHash);
    if (i < 0) throw new TamperError(`record ${recordId} has no audit entry`);
    const a = ev.args;
    c.entries[i]!.payloadHash = keccak256(
      encodeAbiParameters(
        ["bytes32", "bytes", "bytes32", "bytes", "address", "bytes32", "uint64", "bytes"].map((type) => ({ type })),
        [a.recordId, a.cid, a.blobHash, a.preCiphertext, a.owner, a.device, a.timestamp, a.evidence],
      ),
    );
    relinkFrom(v, "PhrIndexA", i);
  }
  return v;
}

/** A view with entry `seq` of `contract` (and the events of its transaction) removed, links repaired after it. */
export function dropEntry(view: AuditView, contract: AuditedContract, seq: bigint): AuditView {
  const v = cloneView(view);
  const c = v.contracts[contract];
  const i = c.entries.findIndex((e) => e.seq === seq);
  if (i < 0) throw new TamperError(`${contract} has no entry ${seq}`);
  const [gone] = c.entries.splice(i, 1);
  c.events = c.events.filter((e) => e.transactionHash !== gone!.transactionHash);
  for (let j = i; j < c.entries.length; j++) c.entries[j]!.seq -= 1n;
  relinkFrom(v, contract, i);
  return v;
}
