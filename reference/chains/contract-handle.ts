// A deployed contract bound to its chain, with calls typed from the generated `as const` ABIs.
import type {
  Abi,
  Address,
  ContractEventName,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  LocalAccount,
} from "viem";
import type { ChainAdapter, ChainEvent, ContractRef, TxResult } from "./adapter.ts";
import { eventArgs, typedEvent, type EventArgs, type TypedEvent } from "./typed-events.ts";

type Mutating = "nonpayable" | "payable";
type Viewing = "view" | "pure";

/** A contract on one chain: send typed calls, read typed views, query its events. */
export class ContractHandle<TAbi extends Abi = Abi> implements ContractRef {
  constructor(
    readonly chain: ChainAdapter,
    readonly address: Address,
    readonly abi: TAbi,
    readonly label: string,
  ) {}

  /** Send `functionName(args)` from `from` and wait for confirmation. */
  send<F extends ContractFunctionName<TAbi, Mutating>>(
    from: LocalAccount,
    functionName: F,
    args: ContractFunctionArgs<TAbi, Mutating, F>,
  ): Promise<TxResult> {
    return this.chain.send({ contract: this, functionName, args: args as readonly unknown[], from });
  }

  /** Call view `functionName(args)`. */
  read<F extends ContractFunctionName<TAbi, Viewing>>(
    functionName: F,
    ...args: ContractFunctionArgs<TAbi, Viewing, F> extends readonly [] ? [] : [ContractFunctionArgs<TAbi, Viewing, F>]
  ): Promise<ContractFunctionReturnType<TAbi, Viewing, F>> {
    return this.chain.read({ contract: this, functionName, args: (args[0] ?? []) as readonly unknown[] });
  }

  /** This contract's events (optionally one kind, filtered on indexed arguments), oldest first. */
  events(eventName?: ContractEventName<TAbi>, filter?: { args?: Record<string, unknown>; fromBlock?: bigint; toBlock?: bigint }): Promise<ChainEvent[]> {
    return this.chain.events({ contract: this, eventName, ...filter });
  }

  /** This contract's events of one kind, with arguments typed from its ABI. */
  async eventsOf<E extends ContractEventName<TAbi>>(eventName: E, filter?: { args?: Record<string, unknown>; fromBlock?: bigint; toBlock?: bigint }): Promise<TypedEvent<TAbi, E>[]> {
    return (await this.events(eventName, filter)).map((ev) => typedEvent(this.abi, eventName, ev, this.chain.profile.name));
  }

  /** The arguments of `ev`, an event `eventName` of this contract, typed from its ABI. */
  argsOf<E extends ContractEventName<TAbi>>(eventName: E, ev: ChainEvent): EventArgs<TAbi, E> {
    return eventArgs(this.abi, eventName, ev, this.chain.profile.name);
  }
}
