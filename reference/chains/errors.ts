// Typed errors of the ledger layer: each says what went wrong on which chain and what to do.
import { MedExChainError } from "../../protocol/errors.ts";

/** Base of every ledger-layer error; `code` is stable for programs, the message is for people. */
export class LedgerError extends MedExChainError {
  constructor(code: string, message: string, remedy = "check the chain named in the message: its node, its deployment and the transaction's sender") {
    super(code, message, remedy);
  }
}

/** A contract call reverted with one of the contracts' named custom errors (or a bare revert). */
export class ContractRevertError extends LedgerError {
  constructor(
    readonly chain: string,
    readonly contract: string,
    readonly functionName: string,
    readonly errorName: string,
    readonly errorArgs: readonly unknown[],
  ) {
    super(
      "E_CONTRACT_REVERT",
      `${contract}.${functionName} on ${chain} reverted with ${errorName}(${errorArgs.map(String).join(", ")}); ` +
        `the contract refused the call — check the inputs against docs/chains.md (errors table)`,
    );
  }
}

/** A transaction was mined but failed, or never got a receipt in time. */
export class TransactionFailedError extends LedgerError {
  constructor(
    readonly chain: string,
    readonly hash: string,
    detail: string,
  ) {
    super("E_TX_FAILED", `transaction ${hash} on ${chain} ${detail}; check the node is mining and retry`);
  }
}

/** A JSON-RPC endpoint could not be reached or answered wrongly. */
export class RpcUnreachableError extends LedgerError {
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(
      "E_RPC_UNREACHABLE",
      `cannot use the JSON-RPC node at ${url} (${detail}); start one with ` +
        "`MEDEX_CHAIN_ID=<id> npx hardhat node --config reference/chains/hardhat-node.config.cjs --port <port>` or drop the --rpc-* options to use the embedded chains",
    );
  }
}

/** The chains' configuration is inconsistent (duplicate chain ids, a missing URL, a bad option). */
export class ChainConfigError extends LedgerError {
  constructor(detail: string) {
    super("E_CHAIN_CONFIG", `invalid chain configuration: ${detail}`);
  }
}

/** An account cannot pay for gas on a chain. */
export class InsufficientFundsError extends LedgerError {
  constructor(
    readonly chain: string,
    readonly account: string,
  ) {
    super("E_INSUFFICIENT_FUNDS", `account ${account} has too little balance on ${chain} to pay for gas; fund it with chain.fund(...) first`);
  }
}

/** A node served an event whose fields do not have the types the contract's ABI gives them. */
export class MalformedEventError extends LedgerError {
  constructor(
    readonly chain: string,
    readonly eventName: string,
    detail: string,
  ) {
    super("E_MALFORMED_EVENT", `the ${eventName} event read from ${chain} is malformed: ${detail}; the node serving ${chain} returned data no contract of ours emits — check that node, or point --rpc-* at another`);
  }
}
