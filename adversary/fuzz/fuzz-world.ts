// The world the receive paths are fuzzed in: the ordinary deployment, but every chain is seen
// through a FuzzChain (its events can be mutated on the way to a role, its writes can be blocked)
// and the blob store through a FuzzStore (it can serve mutated bytes). One honest share runs first,
// so every role has the state a real receive would find; then the fuzzer feeds malformed inputs.
import { bytesToHex, type Abi, type Address, type Hex, type LocalAccount } from "viem";
import type { ChainAdapter, ChainEvent, ChainSet, ContractRef, TxResult } from "../../reference/chains/adapter.ts";
import { startEmbeddedChains } from "../../reference/chains/embedded.ts";
import { LedgerError } from "../../reference/chains/errors.ts";
import { setupDeployment, type Deployment } from "../../scenario/setup.ts";
import type { BlobStore } from "../../reference/storage/blob-store.ts";
import { MemoryBlobStore } from "../../reference/storage/memory-blob-store.ts";
import type { TraceEvent } from "../../reference/trace/events.ts";
import { fullShare } from "../../scenario/share-steps.ts";
import type { RelayNotice } from "../../reference/roles/notice.ts";
import type { Faults } from "../../reference/roles/world.ts";

/** A write attempted while the fuzzer holds the chains read-only (a role acted on an input it should have rejected). */
export class WriteBlocked extends LedgerError {
  constructor(chain: string, what: string) {
    super("E_FUZZ_WRITE_BLOCKED", `${what} on ${chain} was attempted during fuzzing, when chains are read-only; a role went on to act on a fuzzed input`);
  }
}

/** A chain as a fuzzed role sees it. */
export class FuzzChain implements ChainAdapter {
  /** Rewrites the events a query returns (set by a target, cleared after). */
  mutate: ((events: ChainEvent[], query: { eventName?: string }) => ChainEvent[]) | undefined;
  blockWrites = false;
  writesAttempted = 0;

  constructor(readonly inner: ChainAdapter) {}

  get kind(): string {
    return this.inner.kind;
  }
  get profile() {
    return this.inner.profile;
  }
  private guard(what: string): void {
    if (this.blockWrites) {
      this.writesAttempted += 1;
      throw new WriteBlocked(this.inner.profile.name, what);
    }
  }
  /** Deploy (blocked while fuzzing). */
  deploy(p: { label: string; abi: Abi; bytecode: Hex; args?: readonly unknown[]; from: LocalAccount }) {
    this.guard(`deploying ${p.label}`);
    return this.inner.deploy(p);
  }
  /** Send (blocked while fuzzing). */
  send(p: { contract: ContractRef; functionName: string; args?: readonly unknown[]; from: LocalAccount; value?: bigint }): Promise<TxResult> {
    this.guard(`${p.contract.label}.${p.functionName}`);
    return this.inner.send(p);
  }
  /** Read a view. */
  read<T = unknown>(p: { contract: ContractRef; functionName: string; args?: readonly unknown[] }): Promise<T> {
    return this.inner.read<T>(p);
  }
  /** Events, through the current mutation. */
  async events(p: { contract: ContractRef; eventName?: string; args?: Record<string, unknown>; fromBlock?: bigint; toBlock?: bigint }): Promise<ChainEvent[]> {
    const evs = await this.inner.events(p);
    return this.mutate ? this.mutate(evs.map((e) => ({ ...e, args: { ...e.args } })), p) : evs;
  }
  now() {
    return this.inner.now();
  }
  blockNumber() {
    return this.inner.blockNumber();
  }
  blockHash(n: bigint) {
    return this.inner.blockHash(n);
  }
  latestBlock() {
    return this.inner.latestBlock();
  }
  balance(a: Address) {
    return this.inner.balance(a);
  }
  /** Fund (blocked while fuzzing). */
  fund(p: { to: Address; amount: bigint; from: LocalAccount }) {
    this.guard("a transfer");
    return this.inner.fund(p);
  }
  close() {
    return this.inner.close();
  }
}

/** A blob store that can lie: serve other bytes than it holds, without re-checking them. */
export class FuzzStore implements BlobStore {
  serve: ((real: Uint8Array) => Uint8Array) | undefined;
  readonly cids = new Set<string>();
  constructor(private readonly inner = new MemoryBlobStore()) {}
  /** Store bytes (counted, so a target can tell whether anything new was stored). */
  async put(bytes: Uint8Array): Promise<string> {
    const cid = await this.inner.put(bytes);
    this.cids.add(cid);
    return cid;
  }
  /** The stored bytes, or what the current lie makes of them. */
  async get(cid: string): Promise<Uint8Array> {
    const real = await this.inner.get(cid);
    return this.serve ? this.serve(real) : real;
  }
  has(cid: string): Promise<boolean> {
    return this.inner.has(cid);
  }
}

/** The fuzzing world after one honest share. */
export interface FuzzWorld {
  dep: Deployment;
  chains: { a: FuzzChain; b: FuzzChain; relay: FuzzChain };
  store: FuzzStore;
  share: { recordId: Hex; requestId: Hex; requestTx: Hex; request: RelayNotice; delivery: RelayNotice };
  /** Each spec message the honest share sent: its wire bytes, and the fields its receiver accepted. */
  sent: Record<string, Uint8Array>;
  received: Record<string, Record<string, string>>;
  /** Hold the chains read-only (or release them). */
  readOnly(on: boolean): void;
  /** A fingerprint of everything stored on the three chains' contracts. */
  chainState(): Promise<string>;
  close(): Promise<void>;
}

/** Start embedded chains behind FuzzChains, deploy, and run one honest share. */
export async function startFuzzWorld(seed = "fuzz", faults?: Faults): Promise<FuzzWorld> {
  const base = await startEmbeddedChains();
  const chains = { a: new FuzzChain(base.a), b: new FuzzChain(base.b), relay: new FuzzChain(base.relay) };
  const set: ChainSet = { mode: base.mode, ...chains, funded: base.funded, close: () => base.close() };
  const store = new FuzzStore();
  try {
    const dep = await setupDeployment(set, store, { seed, ...(faults ? { faults } : {}) });
    const share = await fullShare(dep, "1");
    const sent: Record<string, Uint8Array> = {};
    const received: Record<string, Record<string, string>> = {};
    for (const e of dep.world.trace.events as readonly TraceEvent[]) {
      if (e.kind === "send") sent[e.label] ??= Uint8Array.from(Buffer.from(e.bytes, "hex"));
      if (e.kind === "recv") received[e.label] ??= e.fields;
    }
    const d = dep.world.deployment;
    const contracts = [d.a.registry, d.a.phrIndex, d.b.registry, d.b.exchange, d.relay.relayLog];
    return {
      dep,
      chains,
      store,
      share,
      sent,
      received,
      readOnly(on) {
        for (const c of Object.values(chains)) c.blockWrites = on;
      },
      async chainState() {
        const parts = await Promise.all(
          contracts.map(async (c) => {
            const [len, head] = await Promise.all([c.chain.read<bigint>({ contract: c, functionName: "auditLength" }), c.chain.read<Hex>({ contract: c, functionName: "auditHead" })]);
            return `${c.label}:${len}:${head}`;
          }),
        );
        return `${parts.join("|")}|requests:${await d.b.exchange.read("requestCount")}|blobs:${store.cids.size}`;
      },
      close: () => base.close(),
    };
  } catch (e) {
    await base.close();
    throw e;
  }
}

/** Hex of bytes (for comparing trace fields). */
export const hexOf = (b: Uint8Array): string => bytesToHex(b).slice(2);
