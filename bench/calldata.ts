// What the share actually puts on the ledgers: every transaction the roles send is recorded with its
// ABI-encoded calldata size (4-byte selector + 32-byte words, as an EVM transaction carries it) and
// its gas, by wrapping each chain adapter's send. The spec-level bytes (wire-bytes.ts) are the
// protocol's own encoding; this is the EVM encoding of the same content, padding included.
import { encodeFunctionData, type Hex } from "viem";
import type { ChainAdapter, ChainSet } from "../reference/chains/adapter.ts";

/** One transaction sent during a recorded run. */
export interface SentTx {
  run: string;
  chain: string;
  functionName: string;
  calldataBytes: number;
  gasUsed: string;
}

/** Records the transactions sent on `chains` while `current()` names a run. */
export function recordTransactions(chains: ChainSet, current: () => string | undefined): SentTx[] {
  const sink: SentTx[] = [];
  for (const chain of [chains.a, chains.b, chains.relay] as ChainAdapter[]) {
    const send = chain.send.bind(chain);
    chain.send = async (p) => {
      const run = current();
      const r = await send(p);
      if (run !== undefined) {
        const data: Hex = encodeFunctionData({ abi: p.contract.abi, functionName: p.functionName, args: p.args ?? [] });
        sink.push({ run, chain: chain.profile.name, functionName: `${p.contract.label}.${p.functionName}`, calldataBytes: (data.length - 2) / 2, gasUsed: String(r.gasUsed) });
      }
      return r;
    };
  }
  return sink;
}
