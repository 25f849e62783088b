// Shared setup of the ledger tests: three embedded chains, the contracts deployed with a committee
// of three (threshold two), and an outsider key that is not a member.
import type { Hex, LocalAccount } from "viem";
import { expect } from "vitest";
import type { ChainSet } from "../../../reference/chains/adapter.ts";
import { startEmbeddedChains, type EmbeddedOptions } from "../../../reference/chains/embedded.ts";
import { deployMedExChain, type MedExChainDeployment } from "../../../reference/chains/deploy.ts";
import { labelledAccount } from "../../../reference/chains/dev-accounts.ts";
import { ContractRevertError } from "../../../reference/chains/errors.ts";
import { EvmChain } from "../../../reference/chains/evm-chain.ts";

export interface Deployed {
  chains: ChainSet;
  d: MedExChainDeployment;
  committee: LocalAccount[];
  outsider: LocalAccount;
}

/** Start embedded chains and deploy MedExChain with a 2-of-3 committee. */
export async function deployed(opts: { embedded?: EmbeddedOptions; freshnessWindowSec?: number } = {}): Promise<Deployed> {
  const chains = await startEmbeddedChains(opts.embedded);
  const committee = [0, 1, 2].map((i) => labelledAccount(`test-committee-${i}`));
  const outsider = labelledAccount("test-outsider");
  const d = await deployMedExChain(chains, { committee: committee.map((c) => c.address), threshold: 2, freshnessWindowSec: opts.freshnessWindowSec });
  return { chains, d, committee, outsider };
}

/** Expect `p` to reject with the named contract error; returns the error for further checks. */
export async function expectRevert(p: Promise<unknown>, errorName: string): Promise<ContractRevertError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, `expected a revert with ${errorName}`).toBeInstanceOf(ContractRevertError);
  expect((e as ContractRevertError).errorName).toBe(errorName);
  return e as ContractRevertError;
}

/** Advance an embedded chain's clock by `seconds` and mine a block. */
export async function advanceTime(chain: ChainSet["a"], seconds: number): Promise<void> {
  if (!(chain instanceof EvmChain)) throw new Error("advanceTime needs an EVM chain");
  const request = chain.client.request as unknown as (a: { method: string; params: unknown[] }) => Promise<unknown>;
  await request({ method: "evm_increaseTime", params: [seconds] });
  await request({ method: "evm_mine", params: [] });
}

/** Flip one byte of a hex string at byte offset `at`. */
export function flipByte(hex: Hex, at: number): Hex {
  const i = 2 + at * 2;
  const b = (parseInt(hex.slice(i, i + 2), 16) ^ 0x01).toString(16).padStart(2, "0");
  return `${hex.slice(0, i)}${b}${hex.slice(i + 2)}` as Hex;
}
