// Everything the auditor reads from the three chains, as plain data: every contract's audit log,
// the contract's stored hashes, its events and the calldata of the relay's transactions. The
// analysis runs on this view alone, so a view someone tampered with (an insider on a chain serving
// rewritten history) is audited exactly like a genuine one.
import { decodeFunctionData, type Abi, type Address, type Hex } from "viem";
import type { ChainAdapter, ChainEvent, ContractRef } from "../chains/adapter.ts";
import { readAuditLog, readStoredAuditHashes, type AuditEntry } from "../chains/audit-log.ts";
import type { MedExChainDeployment } from "../chains/deploy.ts";
import { EvmChain } from "../chains/evm-chain.ts";
import type { AuditChain } from "./findings.ts";
import { MedExChainError } from "../../protocol/errors.ts";

/** The contracts the auditor reads, by label. */
export type AuditedContract = "IdentityRegistryA" | "PhrIndexA" | "IdentityRegistryB" | "ExchangeB" | "RelayLog";

/** A decoded contract call (the relay's submissions carry their proofs only in calldata). */
export interface DecodedCall {
  functionName: string;
  args: readonly unknown[];
}

/** One contract as the auditor sees it. */
export interface ContractView {
  label: AuditedContract;
  chain: AuditChain;
  chainId: bigint;
  address: Address;
  entries: AuditEntry[];
  stored: { head: Hex; hashes: Hex[] };
  events: ChainEvent[];
  /** Calldata of the transactions that emitted the events, for the functions whose arguments the events do not repeat. */
  calls: Record<Hex, DecodedCall>;
}

/** The whole deployment as the auditor sees it. */
export interface AuditView {
  chains: Record<AuditChain, { name: string; chainId: bigint }>;
  contracts: Record<AuditedContract, ContractView>;
}

/** The auditor could not read a chain: which one, and why. */
export class AuditReadError extends MedExChainError {
  constructor(detail: string) {
    super("E_AUDIT_READ", `the auditor cannot read the chains: ${detail}`, "check the nodes are running (or drop --rpc-* to audit a demo run on embedded chains)");
  }
}

// Events of the relay's submissions (acceptRequest, markReEncrypted, deliver, record): their proofs are in no event,
// only in the transactions' calldata.
export const CALLDATA_EVENTS: readonly string[] = ["RequestAccepted", "ReEncrypted", "Delivered", "Carried"];

/** The input of a transaction, decoded with the called contract's ABI. */
export async function decodedCall(chain: ChainAdapter, abi: Abi, hash: Hex): Promise<DecodedCall> {
  if (!(chain instanceof EvmChain)) throw new AuditReadError(`chain ${chain.profile.name} is a ${chain.kind} ledger; reading calldata needs an EVM chain`);
  const tx = await chain.client.getTransaction({ hash });
  const d = decodeFunctionData({ abi, data: tx.input });
  return { functionName: d.functionName, args: (d.args ?? []) as readonly unknown[] };
}

async function contractView(label: AuditedContract, role: AuditChain, chain: ChainAdapter, contract: ContractRef): Promise<ContractView> {
  const [entries, stored, all] = await Promise.all([readAuditLog(chain, contract), readStoredAuditHashes(chain, contract), chain.events({ contract })]);
  // The entries are read once, through readAuditLog; the view keeps every other event.
  const events = all.filter((e) => e.eventName !== "AuditEntry");
  const calls: Record<Hex, DecodedCall> = {};
  const txs = [...new Set(events.filter((e) => CALLDATA_EVENTS.includes(e.eventName)).map((e) => e.transactionHash))];
  for (const hash of txs) calls[hash] = await decodedCall(chain, contract.abi, hash);
  return { label, chain: role, chainId: BigInt(chain.profile.chainId), address: contract.address, entries, stored: { head: stored.head, hashes: [...stored.hashes] }, events, calls };
}

/** Read every audited contract of a deployment. */
export async function readAuditView(d: MedExChainDeployment): Promise<AuditView> {
  const { a, b, relay } = d.chains;
  try {
    const [ra, pa, rb, eb, rl] = await Promise.all([
      contractView("IdentityRegistryA", "A", a, d.a.registry),
      contractView("PhrIndexA", "A", a, d.a.phrIndex),
      contractView("IdentityRegistryB", "B", b, d.b.registry),
      contractView("ExchangeB", "B", b, d.b.exchange),
      contractView("RelayLog", "relay", relay, d.relay.relayLog),
    ]);
    return {
      chains: {
        A: { name: a.profile.name, chainId: BigInt(a.profile.chainId) },
        B: { name: b.profile.name, chainId: BigInt(b.profile.chainId) },
        relay: { name: relay.profile.name, chainId: BigInt(relay.profile.chainId) },
      },
      contracts: { IdentityRegistryA: ra, PhrIndexA: pa, IdentityRegistryB: rb, ExchangeB: eb, RelayLog: rl },
    };
  } catch (e) {
    if (e instanceof AuditReadError) throw e;
    throw new AuditReadError(e instanceof Error ? e.message.split("\n")[0]! : String(e));
  }
}

/** A deep copy of a view, for building tampered variants without touching the original. */
export function cloneView(v: AuditView): AuditView {
  return structuredClone(v);
}
