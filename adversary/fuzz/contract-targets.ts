// Every contract entry point under malformed calls. Relay entry points (acceptRequest, deliver,
// record) get a genuine pending message and proof with a field mutated; every state-changing
// function is called by an account it does not authorise with random well-typed arguments; and the
// raw calldata of a genuine call is mutated byte by byte. Property: each call reverts with a named
// error (raw calldata: reverts, or decodes to exactly the genuine call — ABI padding the EVM
// ignores); afterwards nothing stored has changed and the genuine message is still accepted once.
import fc from "fast-check";
import { bytesToHex, decodeFunctionData, encodeFunctionData, hexToBytes, type Abi, type AbiFunction, type Hex, type LocalAccount } from "viem";
import { isDeepStrictEqual } from "node:util";
import type { ContractRef } from "../../reference/chains/adapter.ts";
import { ContractRevertError } from "../../reference/chains/errors.ts";
import { EvmChain } from "../../reference/chains/evm-chain.ts";
import type { RelayMessage } from "../../reference/chains/relay-proof.ts";
import { labelledAccount } from "../../reference/chains/dev-accounts.ts";
import { carryRequest, fileRequest, observeAgain, runsOf } from "../../scenario/share-steps.ts";
import { outboundMessage, proveAll, reEncrypt, submitter } from "../attacks/rogue-relay.ts";
import { applyMutation, mutatedFrom, mutation, type Mutation } from "./byte-mutations.ts";
import { argsArbitrary } from "./abi-arbitraries.ts";
import { describeError } from "./typed-errors.ts";
import { FuzzViolation, propertyTarget, type FuzzTarget } from "./target.ts";
import type { FuzzChain, FuzzWorld } from "./fuzz-world.ts";

/** Genuine, not yet submitted relay messages: a request for chain A and a delivery for chain B. */
interface Pending {
  request: { m: RelayMessage; proof: Hex };
  delivery: { m: RelayMessage; proof: Hex };
}

async function pending(w: FuzzWorld): Promise<Pending> {
  const { dep, share } = w;
  await observeAgain(dep, "2", share.recordId);
  const r2 = await fileRequest(dep, "2");
  const request = await outboundMessage(dep, "B", r2.txHash);
  await observeAgain(dep, "3", share.recordId);
  const r3 = await fileRequest(dep, "3");
  await carryRequest(dep, "3", r3.txHash);
  await dep.patients[0]!.grant(runsOf("3").sh);
  const { message: delivery } = await reEncrypt(dep, r3.requestId);
  return { request: { m: request, proof: await proveAll(dep, request) }, delivery: { m: delivery, proof: await proveAll(dep, delivery) } };
}

/** Send a call that must revert; returns the error name, or throws FuzzViolation if it was accepted or failed untyped. */
async function mustRevert(send: () => Promise<unknown>): Promise<string> {
  try {
    await send();
  } catch (e) {
    if (e instanceof ContractRevertError) return e.errorName;
    throw new FuzzViolation(`failed without a contract revert: ${describeError(e)}`);
  }
  throw new FuzzViolation("the contract accepted the malformed call");
}

/** A mutation of one RelayMessage field or of the proof. */
type MessageMutation = { field: "srcChainId" | "dstChainId"; salt: bigint } | { field: "srcContract" | "dstContract" | "srcEntryHash" | "payload" | "proof"; mutations: Mutation[] };

const messageMutation: fc.Arbitrary<MessageMutation> = fc.oneof(
  fc.record({ field: fc.constantFrom("srcChainId" as const, "dstChainId" as const), salt: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }) }),
  fc.record({ field: fc.constantFrom("srcContract" as const, "dstContract" as const, "srcEntryHash" as const, "payload" as const, "proof" as const), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
);

function applyToMessage(g: { m: RelayMessage; proof: Hex }, x: MessageMutation): { m: RelayMessage; proof: Hex } | undefined {
  if ("salt" in x) return { m: { ...g.m, [x.field]: g.m[x.field] ^ x.salt }, proof: g.proof };
  const before = hexToBytes(x.field === "proof" ? g.proof : g.m[x.field]);
  let after = x.mutations.reduce(applyMutation, before);
  if (x.field === "srcContract" || x.field === "srcEntryHash" || x.field === "dstContract") {
    const fitted = new Uint8Array(before.length); // a fixed-size ABI type: its value, not its size, can be forged
    fitted.set(after.slice(0, before.length));
    after = fitted;
  }
  if (Buffer.compare(Buffer.from(after), Buffer.from(before)) === 0) return undefined;
  const v = bytesToHex(after);
  return x.field === "proof" ? { m: g.m, proof: v } : { m: { ...g.m, [x.field]: v }, proof: g.proof };
}

/** A relay entry point with a mutated genuine message or proof; afterwards the genuine one is accepted, once. */
function relayEntryTarget(w: FuzzWorld, name: string, contract: ContractRef & { chain: FuzzChain }, fn: string, genuine: () => { m: RelayMessage; proof: Hex }): FuzzTarget {
  let state: string | undefined;
  const from = submitter(w.dep);
  return propertyTarget(
    name,
    "contract",
    async () => {
      state = await w.chainState();
      return messageMutation;
    },
    async (x) => {
      const bad = applyToMessage(genuine(), x);
      if (!bad) return "unchanged";
      return mustRevert(() => contract.chain.send({ contract, functionName: fn, args: [bad.m, bad.proof], from }));
    },
    {
      after: async () => {
        const now = await w.chainState();
        if (now !== state) throw new FuzzViolation(`stored state changed: ${state} → ${now}`);
        const g = genuine();
        await contract.chain.send({ contract, functionName: fn, args: [g.m, g.proof], from });
        const again = await mustRevert(() => contract.chain.send({ contract, functionName: fn, args: [g.m, g.proof], from })).catch((e: Error) => e.message);
        if (again !== "RelayMessageReplayed") throw new FuzzViolation(`the genuine message a second time: ${again}`);
      },
    },
  );
}

/** Every state-changing function, called by an account it does not authorise, with random arguments. */
function unauthorisedTarget(w: FuzzWorld): FuzzTarget {
  const d = w.dep.world.deployment;
  const outsider: LocalAccount = labelledAccount("fuzz-outsider");
  const patient = w.dep.parties.patients[0]!.account;
  const entries: { contract: ContractRef & { chain: FuzzChain }; f: AbiFunction; from: LocalAccount }[] = [];
  for (const c of [d.a.registry, d.a.phrIndex, d.b.registry, d.b.exchange, d.relay.relayLog] as unknown as (ContractRef & { chain: FuzzChain })[]) {
    for (const f of (c.abi as Abi).filter((x): x is AbiFunction => x.type === "function" && x.stateMutability !== "view" && x.stateMutability !== "pure")) {
      // registerPatient is open to anyone by design: the already registered patient calls it again.
      entries.push({ contract: c, f, from: f.name === "registerPatient" ? patient : outsider });
    }
  }
  let state: string | undefined;
  const arb = fc.integer({ min: 0, max: entries.length - 1 }).chain((i) => argsArbitrary(entries[i]!.f).map((args) => ({ i, args })));
  return propertyTarget(
    "contract: every function, unauthorised caller",
    "contract",
    async () => {
      state = await w.chainState();
      await Promise.all([w.chains.a, w.chains.b, w.chains.relay].map((c) => c.fund({ to: outsider.address, amount: 10n ** 18n, from: w.dep.world.chains.funded[4] ?? w.dep.world.chains.funded[0]! })));
      state = await w.chainState();
      return arb;
    },
    async ({ i, args }) => {
      const e = entries[i]!;
      const name = await mustRevert(() => e.contract.chain.send({ contract: e.contract, functionName: e.f.name, args, from: e.from }));
      return `${e.contract.label}.${e.f.name}: ${name}`;
    },
    {
      after: async () => {
        const now = await w.chainState();
        if (now !== state) throw new FuzzViolation(`stored state changed: ${state} → ${now}`);
      },
      show: ({ i, args }) => `${entries[i]!.contract.label}.${entries[i]!.f.name}(${JSON.stringify(args, (_, v) => (typeof v === "bigint" ? v.toString() : v))})`,
    },
  );
}

/** The genuine acceptRequest calldata, mutated byte by byte and executed with eth_call. */
function rawCalldataTarget(w: FuzzWorld, genuine: () => { m: RelayMessage; proof: Hex }): FuzzTarget {
  const d = w.dep.world.deployment;
  const contract = d.a.phrIndex;
  const inner = (w.chains.a.inner as EvmChain).client;
  const data = () => encodeFunctionData({ abi: contract.abi, functionName: "acceptRequest", args: [genuine().m, genuine().proof] as never });
  return propertyTarget(
    "contract: raw calldata of acceptRequest",
    "contract",
    () => mutatedFrom([hexToBytes(data())]),
    async (x) => {
      const bytes = bytesToHex(x.bytes);
      try {
        await inner.call({ account: submitter(w.dep).address, to: contract.address, data: bytes });
      } catch {
        return "reverted";
      }
      // Executed: only acceptable if the EVM read exactly the genuine call (a mutation in ignored ABI padding).
      let same = false;
      try {
        const a = decodeFunctionData({ abi: contract.abi, data: bytes });
        const b = decodeFunctionData({ abi: contract.abi, data: data() });
        same = isDeepStrictEqual(a, b);
      } catch {
        same = false;
      }
      if (!same) throw new FuzzViolation("chain A executed mutated calldata that is not the genuine call");
      return "executed the genuine call (ignored padding)";
    },
    { show: (x) => JSON.stringify({ mutations: x.mutations }) },
  );
}

/** The contract targets (sets up a pending request and a pending delivery first). */
export async function contractTargets(w: FuzzWorld): Promise<FuzzTarget[]> {
  if (!(w.chains.a.inner instanceof EvmChain)) throw new FuzzViolation("contract fuzzing needs EVM chains");
  const p = await pending(w);
  const d = w.dep.world.deployment as unknown as Record<string, Record<string, ContractRef & { chain: FuzzChain }>>;
  // The raw-calldata target runs first: the relay entry targets end by submitting the genuine messages.
  return [
    rawCalldataTarget(w, () => p.request),
    relayEntryTarget(w, "contract: PhrIndexA.acceptRequest", d.a!.phrIndex!, "acceptRequest", () => p.request),
    relayEntryTarget(w, "contract: RelayLog.record", d.relay!.relayLog!, "record", () => p.request),
    relayEntryTarget(w, "contract: ExchangeB.deliver", d.b!.exchange!, "deliver", () => p.delivery),
    unauthorisedTarget(w),
  ];
}
