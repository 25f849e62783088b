// The three embedded chains: distinct, heterogeneous, funded, with the BLS precompiles; typed failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEther } from "viem";
import { startEmbeddedChains } from "../../../reference/chains/embedded.ts";
import { DEFAULT_PROFILES } from "../../../reference/chains/profiles.ts";
import { devAccounts, labelledAccount } from "../../../reference/chains/dev-accounts.ts";
import { ChainConfigError, InsufficientFundsError } from "../../../reference/chains/errors.ts";
import { parseChainArgs } from "../../../reference/chains/rpc.ts";
import type { ChainSet } from "../../../reference/chains/adapter.ts";
import type { EvmChain } from "../../../reference/chains/evm-chain.ts";

let chains: ChainSet;
beforeAll(async () => {
  chains = await startEmbeddedChains();
});
afterAll(async () => {
  await chains.close();
});

describe("embedded chains", () => {
  it("start with distinct chain ids, names, identity schemes and block timing", async () => {
    const all = [chains.a, chains.b, chains.relay];
    const ids = await Promise.all(all.map((c) => (c as EvmChain).client.getChainId()));
    expect(ids).toEqual([7001, 7002, 7003]);
    expect(new Set(all.map((c) => c.profile.name)).size).toBe(3);
    expect(chains.a.profile.identityScheme).toBe("secp256k1-ecdsa");
    expect(chains.b.profile.identityScheme).toBe("ed25519");
    expect(chains.a.profile.blockTiming).toEqual({ mode: "automine" });
    expect(chains.b.profile.blockTiming).toEqual(DEFAULT_PROFILES.B.blockTiming);
    expect(chains.relay.profile.blockTiming).not.toEqual(chains.b.profile.blockTiming);
  });

  it("produce blocks differently: A only per transaction, B on its own clock", async () => {
    const a0 = await chains.a.blockNumber();
    const b0 = await chains.b.blockNumber();
    let b1 = b0;
    for (let i = 0; i < 1000 && b1 < b0 + 3n; i++) {
      await new Promise((r) => setTimeout(r, 10));
      b1 = await chains.b.blockNumber();
    }
    expect(b1).toBeGreaterThanOrEqual(b0 + 3n);
    expect(await chains.a.blockNumber()).toBe(a0);
    const tx = await chains.a.fund({ to: labelledAccount("x").address, amount: 1n, from: chains.funded[0]! });
    expect(tx.blockNumber).toBe(a0 + 1n);
  });

  it("fund the development accounts that hardhat node funds", async () => {
    expect(devAccounts(1)[0]!.address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    for (const c of [chains.a, chains.b, chains.relay]) expect(await c.balance(chains.funded[9]!.address)).toBeGreaterThan(parseEther("1000"));
  });

  it("have the EIP-2537 BLS12-381 precompiles", async () => {
    // G1ADD (0x0b) of the point at infinity to itself is the point at infinity (128 zero bytes).
    const out = await (chains.a as EvmChain).client.call({ to: "0x000000000000000000000000000000000000000b", data: `0x${"00".repeat(256)}` });
    expect(out.data).toBe(`0x${"00".repeat(128)}`);
    // A malformed input (wrong length) fails instead.
    await expect((chains.a as EvmChain).client.call({ to: "0x000000000000000000000000000000000000000b", data: "0x00" })).rejects.toThrow();
  });

  it("report an unfunded sender as InsufficientFundsError", async () => {
    const poor = labelledAccount("poor");
    await expect(chains.b.fund({ to: poor.address, amount: 1n, from: poor })).rejects.toThrow(InsufficientFundsError);
  });

  it("refuse duplicate chain ids", async () => {
    await expect(startEmbeddedChains({ profiles: { B: { chainId: 7001 } } })).rejects.toThrow(ChainConfigError);
  });
});

describe("--rpc-* arguments", () => {
  it("take all three URLs or none", () => {
    expect(parseChainArgs(["demo", "--patients", "2"])).toEqual({ rest: ["demo", "--patients", "2"] });
    const args = parseChainArgs(["--rpc-a", "http://127.0.0.1:1", "--rpc-b=http://127.0.0.1:2", "--rpc-relay", "http://127.0.0.1:3", "--json"]);
    expect(args.rpc).toEqual({ a: "http://127.0.0.1:1", b: "http://127.0.0.1:2", relay: "http://127.0.0.1:3" });
    expect(args.rest).toEqual(["--json"]);
    expect(() => parseChainArgs(["--rpc-a", "http://127.0.0.1:1"])).toThrow(ChainConfigError);
    expect(() => parseChainArgs(["--rpc-a", "--rpc-b"])).toThrow(ChainConfigError);
    expect(() => parseChainArgs(["--rpc-a", "not a url", "--rpc-b", "http://x", "--rpc-relay", "http://y"])).toThrow(ChainConfigError);
  });
});
