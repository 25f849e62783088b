// The EVM implementation of ChainAdapter, over viem, for an in-process EDR provider or a JSON-RPC URL.
import {
  BaseError,
  BlockNotFoundError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  decodeErrorResult,
  defineChain,
  encodeDeployData,
  encodeFunctionData,
  getAddress,
  parseEventLogs,
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import type { ChainAdapter, ChainEvent, ChainProfile, ContractRef, TxResult } from "./adapter.ts";
import { ContractRevertError, InsufficientFundsError, LedgerError, TransactionFailedError } from "./errors.ts";

/** Options of an EvmChain. */
export interface EvmChainOptions {
  /** How often to poll for a receipt (ms): ~1 for an in-process chain, more for a remote node. */
  pollMs: number;
  /** Give up waiting for a receipt after this long (ms). */
  receiptTimeoutMs?: number;
  /** Extra work on close, e.g. stopping an embedded chain's block production. */
  onClose?: () => Promise<void>;
}

/** How long fees read from the node are reused (ms). */
const FEE_TTL_MS = 2_000;
/** A send refused because what this process cached (nonce, fee) went stale: worth one retry with fresh values. */
const STALE_SEND = /nonce|underpriced|fee cap|base fee|max fee|replacement/i;

/** A ChainAdapter for an EVM ledger reached through a viem transport. */
export class EvmChain implements ChainAdapter {
  readonly kind = "evm";
  readonly chain: Chain;
  readonly client: PublicClient;
  private readonly wallets = new Map<Address, WalletClient>();
  private readonly queues = new Map<Address, Promise<unknown>>();
  private readonly nonces = new Map<Address, number>();
  private readonly receiptWaiters = new Map<Hex, { resolve: (r: TransactionReceipt) => void; reject: (e: Error) => void; deadline: number }>();
  private receiptLoop: Promise<void> | undefined;
  private feeCache: { at: number; fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } } | undefined;
  private closed = false;

  constructor(
    readonly profile: ChainProfile,
    private readonly transport: Transport,
    private readonly opts: EvmChainOptions,
  ) {
    this.chain = defineChain({
      id: profile.chainId,
      name: profile.name,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [] } },
    });
    this.client = createPublicClient({ chain: this.chain, transport, pollingInterval: opts.pollMs });
  }

  /** Deploy a contract from `from`; resolves with its address once the creation is mined. */
  async deploy(p: { label: string; abi: Abi; bytecode: Hex; args?: readonly unknown[]; from: LocalAccount }): Promise<{ ref: ContractRef; tx: TxResult }> {
    const data = encodeDeployData({ abi: p.abi, bytecode: p.bytecode, args: p.args as unknown[] });
    const ref: ContractRef = { address: "0x0000000000000000000000000000000000000000", abi: p.abi, label: p.label };
    const { receipt, tx } = await this.transact(p.from, { data }, ref, "constructor");
    if (!receipt.contractAddress) throw new TransactionFailedError(this.profile.name, receipt.transactionHash, "created no contract");
    return { ref: { ...ref, address: getAddress(receipt.contractAddress) }, tx };
  }

  /** Send a contract call and wait for it; reverts surface as ContractRevertError before anything is sent. */
  async send(p: { contract: ContractRef; functionName: string; args?: readonly unknown[]; from: LocalAccount; value?: bigint }): Promise<TxResult> {
    const data = encodeFunctionData({ abi: p.contract.abi, functionName: p.functionName, args: p.args as unknown[] });
    return (await this.transact(p.from, { to: p.contract.address, data, value: p.value }, p.contract, p.functionName)).tx;
  }

  /** Call a view function. */
  async read<T = unknown>(p: { contract: ContractRef; functionName: string; args?: readonly unknown[] }): Promise<T> {
    try {
      return (await this.client.readContract({
        address: p.contract.address,
        abi: p.contract.abi,
        functionName: p.functionName,
        args: p.args as unknown[],
      })) as T;
    } catch (e) {
      throw this.translate(e, p.contract, p.functionName);
    }
  }

  /** Decoded events of a contract, oldest first. */
  async events(p: { contract: ContractRef; eventName?: string; args?: Record<string, unknown>; fromBlock?: bigint; toBlock?: bigint }): Promise<ChainEvent[]> {
    const logs = await this.client.getContractEvents({
      address: p.contract.address,
      abi: p.contract.abi,
      eventName: p.eventName,
      args: p.args,
      fromBlock: p.fromBlock ?? 0n,
      toBlock: p.toBlock ?? "latest",
      strict: true,
    } as Parameters<PublicClient["getContractEvents"]>[0]);
    return logs.map((l) => toEvent(l as unknown as RawDecodedLog));
  }

  /** The latest block's timestamp (seconds): this chain's clock. */
  async now(): Promise<bigint> {
    return (await this.client.getBlock({ blockTag: "latest" })).timestamp;
  }

  /** The latest block number. */
  async blockNumber(): Promise<bigint> {
    return this.client.getBlockNumber({ cacheTime: 0 });
  }

  /** The latest block's number, hash and parent hash. */
  async latestBlock(): Promise<{ number: bigint; hash: Hex; parentHash: Hex }> {
    const b = await this.client.getBlock({ blockTag: "latest" });
    return { number: b.number, hash: b.hash, parentHash: b.parentHash };
  }

  /** The hash of block `n`, or undefined if there is none (yet, or any more). */
  async blockHash(n: bigint): Promise<Hex | undefined> {
    try {
      return (await this.client.getBlock({ blockNumber: n })).hash ?? undefined;
    } catch (e) {
      if (e instanceof BlockNotFoundError) return undefined;
      throw e;
    }
  }

  /** Native balance of `address`. */
  async balance(address: Address): Promise<bigint> {
    return this.client.getBalance({ address });
  }

  /** Transfer `amount` to `to` so it can pay for gas. */
  async fund(p: { to: Address; amount: bigint; from: LocalAccount }): Promise<TxResult> {
    const ref: ContractRef = { address: p.to, abi: [], label: "transfer" };
    return (await this.transact(p.from, { to: p.to, value: p.amount }, ref, "transfer")).tx;
  }

  /** Stop using the chain. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.opts.onClose?.();
  }

  /**
   * Run one transaction from `from`: estimate (which surfaces reverts), sign, send, await the receipt.
   * An account's transactions are estimated and sent one at a time, in order, so their nonces never
   * race; the wait for inclusion is not part of that queue, so an account can have several
   * transactions in flight (a relay submitter's or HB's throughput is no longer one transaction per
   * block interval). Estimates read the pending state, which includes the account's own transactions
   * not yet mined, so a transaction that depends on an earlier one of the same account still
   * estimates correctly; a caller that needs the earlier one's receipt awaits it anyway.
   */
  private transact(
    from: LocalAccount,
    req: { to?: Address; data?: Hex; value?: bigint },
    ref: ContractRef,
    fn: string,
  ): Promise<{ receipt: TransactionReceipt; tx: TxResult }> {
    const prev = this.queues.get(from.address) ?? Promise.resolve();
    const sent = prev.catch(() => undefined).then(() => this.sendNow(from, req, ref, fn));
    this.queues.set(from.address, sent);
    return sent.then((hash) => this.confirm(hash, req, ref, fn));
  }

  private async sendNow(from: LocalAccount, req: { to?: Address; data?: Hex; value?: bigint }, ref: ContractRef, fn: string): Promise<Hex> {
    if (this.closed) throw new LedgerError("E_CHAIN_CLOSED", `${this.profile.name} is closed; start the chains again`);
    let gas: bigint;
    try {
      gas = await this.client.estimateGas({ account: from, ...req, blockTag: "pending" });
    } catch (e) {
      throw this.translate(e, ref, fn, from.address);
    }
    const wallet = this.walletFor(from);
    // Headroom over the estimate: gas refunds and cold/warm access can differ at inclusion.
    const send = async () => {
      const [nonce, fees] = await Promise.all([this.nextNonce(from.address), this.fees()]);
      return wallet.sendTransaction({ account: from, chain: this.chain, ...req, gas: (gas * 6n) / 5n + 10_000n, nonce, type: "eip1559", ...fees });
    };
    let hash: Hex;
    try {
      try {
        hash = await send();
      } catch (e) {
        // A nonce or fee this process cached went stale (another sender on the account, a node that
        // restarted, a base fee that rose): forget both, read them again and try once more.
        this.nonces.delete(from.address);
        this.feeCache = undefined;
        if (!STALE_SEND.test(e instanceof Error ? e.message : String(e))) throw e;
        hash = await send();
      }
    } catch (e) {
      this.nonces.delete(from.address);
      throw this.translate(e, ref, fn, from.address);
    }
    this.nonces.set(from.address, (this.nonces.get(from.address) ?? 0) + 1);
    return hash;
  }

  private async confirm(hash: Hex, req: { to?: Address }, ref: ContractRef, fn: string): Promise<{ receipt: TransactionReceipt; tx: TxResult }> {
    const receipt = await this.waitForReceipt(hash);
    if (receipt.status !== "success") throw new TransactionFailedError(this.profile.name, hash, `(${ref.label}.${fn}) reverted on-chain after a successful estimate`);
    const events = parseEventLogs({ abi: ref.abi, logs: receipt.logs.filter((l) => ref.abi.length > 0 && (req.to === undefined || l.address.toLowerCase() === req.to.toLowerCase())), strict: true });
    return {
      receipt,
      tx: {
        chain: this.profile.role,
        hash,
        blockNumber: receipt.blockNumber,
        gasUsed: receipt.gasUsed,
        events: events.map((l) => toEvent(l as unknown as RawDecodedLog)),
      },
    };
  }

  /**
   * The next nonce of `address`: read from the node once (pending transactions included), then
   * counted here. Safe because this process sends an account's transactions one at a time (the queue
   * in transact); a nonce that went stale is dropped on the send error and read again.
   */
  private async nextNonce(address: Address): Promise<number> {
    const known = this.nonces.get(address);
    if (known !== undefined) return known;
    const n = await this.client.getTransactionCount({ address, blockTag: "pending" });
    this.nonces.set(address, n);
    return n;
  }

  /**
   * EIP-1559 fees, read at most every FEE_TTL_MS: twice the latest base fee plus the node's suggested
   * tip (viem's own rule would read both again for every transaction). A send refused for its fee
   * drops the cache.
   */
  private async fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    if (this.feeCache && Date.now() - this.feeCache.at < FEE_TTL_MS) return this.feeCache.fees;
    const [block, tip] = await Promise.all([this.client.getBlock({ blockTag: "latest" }), this.client.estimateMaxPriorityFeePerGas()]);
    const fees = { maxFeePerGas: (block.baseFeePerGas ?? 0n) * 2n + tip, maxPriorityFeePerGas: tip };
    this.feeCache = { at: Date.now(), fees };
    return fees;
  }

  /**
   * The receipt of `hash`, once mined. Every transaction this chain waits for is polled by one loop:
   * one round of receipt requests per poll interval (issued together, so the transport batches them
   * into one HTTP request), however many transactions are in flight.
   */
  private waitForReceipt(hash: Hex): Promise<TransactionReceipt> {
    return new Promise((resolve, reject) => {
      this.receiptWaiters.set(hash, { resolve, reject, deadline: Date.now() + (this.opts.receiptTimeoutMs ?? 60_000) });
      this.receiptLoop ??= this.pollReceipts();
    });
  }

  private async pollReceipts(): Promise<void> {
    try {
      while (this.receiptWaiters.size > 0) {
        const waiting = [...this.receiptWaiters];
        const got = await Promise.all(waiting.map(([hash]) => this.client.getTransactionReceipt({ hash }).catch(() => undefined)));
        waiting.forEach(([hash, w], i) => {
          const receipt = got[i];
          if (receipt) {
            this.receiptWaiters.delete(hash);
            w.resolve(receipt);
          } else if (Date.now() > w.deadline) {
            this.receiptWaiters.delete(hash);
            w.reject(new TransactionFailedError(this.profile.name, hash, "got no receipt in time"));
          }
        });
        if (this.receiptWaiters.size > 0) await new Promise((r) => setTimeout(r, this.opts.pollMs));
      }
    } finally {
      this.receiptLoop = undefined;
      if (this.receiptWaiters.size > 0) this.receiptLoop = this.pollReceipts();
    }
  }

  private walletFor(from: LocalAccount): WalletClient {
    let w = this.wallets.get(from.address);
    if (!w) {
      w = createWalletClient({ account: from, chain: this.chain, transport: this.transport });
      this.wallets.set(from.address, w);
    }
    return w;
  }

  /** Map a viem error to a typed ledger error, decoding the contracts' custom errors by name. */
  private translate(e: unknown, ref: ContractRef, fn: string, from?: Address): LedgerError {
    if (e instanceof LedgerError) return e;
    if (e instanceof BaseError) {
      const reverted = e.walk((x) => x instanceof ContractFunctionRevertedError);
      if (reverted instanceof ContractFunctionRevertedError) {
        const name = reverted.data?.errorName ?? (reverted.reason ? `Error("${reverted.reason}")` : "UnknownRevert");
        return new ContractRevertError(this.profile.name, ref.label, fn, name, (reverted.data?.args ?? []) as readonly unknown[]);
      }
      const data = revertData(e);
      if (data !== undefined) {
        const decoded = decodeRevert(ref.abi, data);
        return new ContractRevertError(this.profile.name, ref.label, fn, decoded.name, decoded.args);
      }
      if (from && /insufficient funds|InsufficientFunds|sender doesn't have enough funds/i.test(e.message)) {
        return new InsufficientFundsError(this.profile.name, from);
      }
    }
    const msg = e instanceof Error ? e.message : String(e);
    return new LedgerError("E_RPC_ERROR", `${ref.label}.${fn} on ${this.profile.name} failed: ${msg.split("\n")[0]}`);
  }
}

interface RawDecodedLog {
  address: Address;
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
}

function toEvent(l: RawDecodedLog): ChainEvent {
  return { address: l.address, eventName: l.eventName, args: l.args, blockNumber: l.blockNumber, transactionHash: l.transactionHash, logIndex: l.logIndex };
}

/** The raw revert data buried in a viem error, if any. */
function revertData(e: BaseError): Hex | undefined {
  let found: Hex | undefined;
  e.walk((x) => {
    // EDR puts the bytes in `data`; a JSON-RPC node in `data.data` (hardhat node: {message, data}).
    const d = (x as { data?: unknown }).data;
    const bytes = typeof d === "object" && d !== null ? (d as { data?: unknown }).data : d;
    if (typeof bytes === "string" && bytes.startsWith("0x")) {
      found = bytes as Hex;
      return true;
    }
    return false;
  });
  return found;
}

/** Decode revert data against an ABI's errors; a bare revert (no data) is "EmptyRevert". */
function decodeRevert(abi: Abi, data: Hex): { name: string; args: readonly unknown[] } {
  if (data === "0x") return { name: "EmptyRevert", args: [] };
  try {
    const r = decodeErrorResult({ abi, data });
    return { name: r.errorName, args: (r.args ?? []) as readonly unknown[] };
  } catch {
    return { name: `UnknownRevert(${data.slice(0, 10)})`, args: [] };
  }
}
