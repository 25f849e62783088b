// One entry point for the CLI and the roles: embedded chains by default, external nodes with --rpc-*.
import type { ChainSet } from "./adapter.ts";
import { startEmbeddedChains, type EmbeddedOptions } from "./embedded.ts";
import { connectRpcChains, parseChainArgs, type RpcOptions, type RpcUrls } from "./rpc.ts";

/** Open the three chains: external nodes if `rpc` is given, else embedded EDR chains. */
export async function openChains(opts: { rpc?: RpcUrls; embedded?: EmbeddedOptions; external?: RpcOptions } = {}): Promise<ChainSet> {
  return opts.rpc ? connectRpcChains(opts.rpc, opts.external) : startEmbeddedChains(opts.embedded);
}

/** Open the chains a command line asks for; returns them and the arguments left for the command. */
export async function openChainsFromArgs(argv: readonly string[]): Promise<{ chains: ChainSet; rest: string[] }> {
  const { rpc, rest } = parseChainArgs(argv);
  return { chains: await openChains({ rpc }), rest };
}
