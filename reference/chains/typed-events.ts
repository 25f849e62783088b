// Contract events typed from the generated ABIs (contracts/build/abi.ts): the argument types come
// from the contract, never from a hand-written shape. A ChainEvent the adapter decoded is narrowed
// here once, after checking that it is the named event and carries every argument the ABI lists.
import type { Abi, AbiEvent, ContractEventName, GetEventArgs } from "viem";
import type { ChainEvent } from "./adapter.ts";
import { MalformedEventError } from "./errors.ts";

/** The arguments of event `E` of `TAbi`, every one present, as viem types them. */
export type EventArgs<TAbi extends Abi, E extends ContractEventName<TAbi>> = GetEventArgs<TAbi, E, { EnableUnion: false; IndexedOnly: false; Required: true }>;

/** A ChainEvent known to be event `E` of `TAbi`. */
export type TypedEvent<TAbi extends Abi, E extends ContractEventName<TAbi>> = Omit<ChainEvent, "eventName" | "args"> & { eventName: E; args: EventArgs<TAbi, E> };

/** `ev` as event `eventName` of `abi`; throws MalformedEventError if it is another event or lacks an argument. */
export function typedEvent<TAbi extends Abi, E extends ContractEventName<TAbi>>(abi: TAbi, eventName: E, ev: ChainEvent, chain = "the chain"): TypedEvent<TAbi, E> {
  if (ev.eventName !== eventName) throw new MalformedEventError(chain, eventName, `a ${ev.eventName} event was given where ${eventName} was expected`);
  const item = abi.find((x): x is AbiEvent => x.type === "event" && x.name === eventName);
  if (!item) throw new MalformedEventError(chain, eventName, "the contract's ABI declares no such event");
  const missing = item.inputs.filter((i) => i.name && !(i.name in ev.args)).map((i) => i.name);
  if (missing.length) throw new MalformedEventError(chain, eventName, `it lacks argument(s) ${missing.join(", ")}`);
  return ev as unknown as TypedEvent<TAbi, E>;
}

/** The arguments of `ev` as event `eventName` of `abi` (see typedEvent). */
export function eventArgs<TAbi extends Abi, E extends ContractEventName<TAbi>>(abi: TAbi, eventName: E, ev: ChainEvent, chain?: string): EventArgs<TAbi, E> {
  return typedEvent(abi, eventName, ev, chain).args;
}
