// First pass of the audit: every contract's hash-linked log is intact (no entry altered, dropped or
// inserted), checked against both the emitted events and the contract's stored hashes.
import type { ChainAdapter, ContractRef } from "../chains/adapter.ts";
import { readAuditLog, readStoredAuditHashes, verifyAuditLog, type AuditEntry } from "../chains/audit-log.ts";
import type { MedExChainDeployment } from "../chains/deploy.ts";

export interface LogIntegrity {
  readonly chain: string;
  readonly contract: string;
  readonly entries: readonly AuditEntry[];
  readonly findings: readonly { kind: string; seq: bigint; detail: string }[];
}

/** The audited contracts of a deployment, with their chains. */
export function auditedContracts(d: MedExChainDeployment): { chain: ChainAdapter; contract: ContractRef }[] {
  return [
    { chain: d.chains.a, contract: d.a.registry },
    { chain: d.chains.a, contract: d.a.phrIndex },
    { chain: d.chains.b, contract: d.b.registry },
    { chain: d.chains.b, contract: d.b.exchange },
    { chain: d.chains.relay, contract: d.relay.relayLog },
  ];
}

/** Read and verify every audited contract's log. */
export async function checkLogIntegrity(d: MedExChainDeployment): Promise<LogIntegrity[]> {
  return Promise.all(
    auditedContracts(d).map(async ({ chain, contract }) => {
      const [entries, stored] = await Promise.all([readAuditLog(chain, contract), readStoredAuditHashes(chain, contract)]);
      const findings = verifyAuditLog(entries, { chainId: BigInt(chain.profile.chainId), contract: contract.address }, stored);
      return { chain: chain.profile.name, contract: contract.label, entries, findings };
    }),
  );
}
