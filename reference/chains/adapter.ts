// What the MedExChain roles need from a ledger, independent of the ledger's technology. The EVM
// implementation is EvmChain (evm-chain.ts); another ledger type implements the same interface.
import type { Abi, Address, Hex, LocalAccount } from "viem";

/** The protocol's three chains. */
export type ChainRole = "A" | "B" | "relay";

/** How parties on a chain are identified and sign (what the protocol relies on, not what pays gas). */
export type IdentityScheme = "secp256k1-ecdsa" | "ed25519";

/** How a chain produces blocks. */
export type BlockTiming =
  | { mode: "automine" } // one block per transaction, as soon as it arrives
  | { mode: "interval"; intervalMs: number } // a block every intervalMs, batching what arrived
  | { mode: "external" }; // whatever the external node does

/** A chain's static description. */
export interface ChainProfile {
  role: ChainRole;
  name: string;
  chainId: number;
  identityScheme: IdentityScheme;
  blockTiming: BlockTiming;
}

/** A decoded contract event. */
export interface ChainEvent {
  address: Address;
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
}

/** A confirmed, successful transaction. */
export interface TxResult {
  chain: ChainRole;
  hash: Hex;
  blockNumber: bigint;
  gasUsed: bigint;
  /** Events emitted by the transaction, decoded with the ABI of the called contract. */
  events: ChainEvent[];
}

/** A contract to call: where it is and its ABI. */
export interface ContractRef {
  address: Address;
  abi: Abi;
  /** A name for messages and errors, e.g. "PhrIndexA". */
  label: string;
}

/** A ledger as the roles see it. */
export interface ChainAdapter {
  /** The ledger technology, e.g. "evm". */
  readonly kind: string;
  readonly profile: ChainProfile;
  /** Deploy a contract; resolves once its creation is confirmed. */
  deploy(p: { label: string; abi: Abi; bytecode: Hex; args?: readonly unknown[]; from: LocalAccount }): Promise<{ ref: ContractRef; tx: TxResult }>;
  /** Send a contract call from `from` and wait for its confirmation; a revert throws ContractRevertError. */
  send(p: { contract: ContractRef; functionName: string; args?: readonly unknown[]; from: LocalAccount; value?: bigint }): Promise<TxResult>;
  /** Call a view function; a revert throws ContractRevertError. */
  read<T = unknown>(p: { contract: ContractRef; functionName: string; args?: readonly unknown[] }): Promise<T>;
  /** Events of a contract, optionally one kind and filtered on indexed arguments, oldest first. */
  events(p: { contract: ContractRef; eventName?: string; args?: Record<string, unknown>; fromBlock?: bigint; toBlock?: bigint }): Promise<ChainEvent[]>;
  /** The chain's own clock: the latest block's timestamp, in seconds. */
  now(): Promise<bigint>;
  /** The latest block number. */
  blockNumber(): Promise<bigint>;
  /** The latest block's number, hash and parent hash, in one read (a follower's poll: head and continuity at once). */
  latestBlock(): Promise<{ number: bigint; hash: Hex; parentHash: Hex }>;
  /** The hash of block `n`, or undefined if the chain has no such block (a reader's check that history did not change under its cursor). */
  blockHash(n: bigint): Promise<Hex | undefined>;
  /** An account's balance in the chain's native unit. */
  balance(address: Address): Promise<bigint>;
  /** Transfer native currency so `to` can pay for gas. */
  fund(p: { to: Address; amount: bigint; from: LocalAccount }): Promise<TxResult>;
  /** Release the connection (and, for an embedded chain, stop its block production). */
  close(): Promise<void>;
}

/** The three chains of one MedExChain deployment and the funded accounts that pay for setup. */
export interface ChainSet {
  mode: "embedded" | "rpc";
  a: ChainAdapter;
  b: ChainAdapter;
  relay: ChainAdapter;
  /** Accounts funded on all three chains (the well-known development mnemonic's first accounts). */
  funded: LocalAccount[];
  /** Close all three chains. */
  close(): Promise<void>;
}
