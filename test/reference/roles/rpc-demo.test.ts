// The main job against external JSON-RPC nodes: the same demo over three `hardhat node` processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHardhatNodes } from "../../../reference/chains/hardhat-node.ts";
import { openChainsFromArgs } from "../../../reference/chains/open-chains.ts";
import { runDemo } from "../../../scenario/demo.ts";

let nodes: Awaited<ReturnType<typeof startHardhatNodes>>;
beforeAll(async () => {
  nodes = await startHardhatNodes();
});
afterAll(async () => {
  await nodes?.stop();
});

describe("demo on external nodes (--rpc-a/--rpc-b/--rpc-relay)", () => {
  it("shares a record across three hardhat node processes and audits clean", async () => {
    const { chains } = await openChainsFromArgs(["--rpc-a", nodes.urls.a, "--rpc-b", nodes.urls.b, "--rpc-relay", nodes.urls.relay]);
    try {
      expect(chains.mode).toBe("rpc");
      const { summary } = await runDemo(chains, { seed: "rpc-demo" });
      expect(summary.ok).toBe(true);
      expect(summary.recovered).toBe(true);
      expect(summary.audit.clean).toBe(true);
      expect(summary.chains.map((c) => c.chainId)).toEqual([7001, 7002, 7003]);
    } finally {
      await chains.close();
    }
  });
});
