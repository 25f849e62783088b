// The auditor Au: reads every chain's audit log, events and the relay's calldata, and checks them
// in four passes — each log's hash chain against the contract's stored hashes, every event against
// the entry that commits to it, the proofs of possession the registries could not check, and every
// share across the three chains. Library form: the CLI,
// the demo and the attack gallery all call auditDeployment.
import { phaseName, verifyAuditLog, type AuditLogFinding } from "../chains/audit-log.ts";
import type { MedExChainDeployment } from "../chains/deploy.ts";
import { readAuditView, type AuditView, type ContractView } from "./chain-view.ts";
import { checkEventEntries } from "./event-entries.ts";
import { operatorOf, type Finding, type FindingKind } from "./findings.ts";
import { matchShares, type ShareTrail } from "./share-trail.ts";
import { checkRegistrations } from "./registrations.ts";
import { readAuditViewIncremental, type AuditorState } from "./incremental-view.ts";
import type { StateStore } from "../storage/state-file.ts";

/** The auditor's verdict: `out/audit/report.json`. */
export interface AuditReport {
  clean: boolean;
  /** Audit-log entries read, over all contracts. */
  entries: number;
  findings: Finding[];
  /** Where each share got to (not findings: a share the patient has not answered yet is pending, not faulty). */
  shares: ShareTrail[];
  /** Each contract's log: entries read and whether its hash chain is intact. */
  logs: { chain: string; contract: string; entries: number; intact: boolean }[];
}

const LOG_KIND: Record<AuditLogFinding["kind"], FindingKind> = {
  "bad-entry-hash": "altered",
  "stored-hash-mismatch": "altered",
  "head-mismatch": "altered",
  "broken-link": "broken-link",
  "sequence-gap": "gap",
  "length-mismatch": "gap",
};

/** First pass: a contract's hash chain, recomputed from its entries and compared with the hashes it stores. */
export function checkHashChain(c: ContractView): Finding[] {
  return verifyAuditLog(c.entries, { chainId: c.chainId, contract: c.address }, c.stored).map((f) => {
    const entry = c.entries.find((e) => e.seq === f.seq);
    return { kind: LOG_KIND[f.kind], phase: entry ? phaseName(entry.phase) : "LOG", chain: c.chain, party: operatorOf(c.chain), detail: `${c.label} entry ${f.seq}: ${f.detail}` };
  });
}

/** Audit a view of the chains (genuine or tampered). */
export async function auditView(view: AuditView): Promise<AuditReport> {
  const contracts = Object.values(view.contracts);
  const integrity = contracts.map((c) => ({ c, findings: checkHashChain(c) }));
  const { findings: crossChain, shares } = await matchShares(view);
  const findings = [...integrity.flatMap((x) => x.findings), ...checkEventEntries(view), ...checkRegistrations(view), ...crossChain];
  return {
    clean: findings.length === 0,
    entries: contracts.reduce((n, c) => n + c.entries.length, 0),
    findings,
    shares,
    logs: integrity.map(({ c, findings: f }) => ({ chain: view.chains[c.chain].name, contract: c.label, entries: c.entries.length, intact: f.length === 0 })),
  };
}

/** Read a deployment's three chains and audit them. */
export async function auditDeployment(d: MedExChainDeployment): Promise<AuditReport> {
  return auditView(await readAuditView(d));
}

/** Audit, reading only what is new since the run that saved `store` (reference/audit/incremental-view.ts); the report is the full audit's. */
export async function auditDeploymentIncremental(d: MedExChainDeployment, store: StateStore<AuditorState>): Promise<AuditReport & { newLogs: number }> {
  const { view, read } = await readAuditViewIncremental(d, store);
  return { ...(await auditView(view)), newLogs: read };
}
