// External JSON-RPC mode: the same code against three `hardhat node` child processes on loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHardhatNodes, freePort } from "../../../reference/chains/hardhat-node.ts";
import { connectRpcChains, probeChainId } from "../../../reference/chains/rpc.ts";
import { openChainsFromArgs } from "../../../reference/chains/open-chains.ts";
import { deployMedExChain } from "../../../reference/chains/deploy.ts";
import { labelledAccount } from "../../../reference/chains/dev-accounts.ts";
import { runLedgerWalkthrough } from "../../../scenario/walkthrough.ts";
import { verifyAuditLog, readAuditLog, readStoredAuditHashes } from "../../../reference/chains/audit-log.ts";
import { RpcUnreachableError } from "../../../reference/chains/errors.ts";
import { expectRevert } from "./fixture.ts";
import { committeeProof } from "../../../reference/chains/relay-proof.ts";
import { fileRequest, anchorRecord, registerParties } from "../../../scenario/walkthrough.ts";

let nodes: Awaited<ReturnType<typeof startHardhatNodes>>;
beforeAll(async () => {
  nodes = await startHardhatNodes();
});
afterAll(async () => {
  await nodes?.stop();
});

describe("external RPC mode", () => {
  it("runs a whole share across three hardhat nodes, with forged proofs still rejected", async () => {
    const { chains, rest } = await openChainsFromArgs(["--rpc-a", nodes.urls.a, "--rpc-b", nodes.urls.b, "--rpc-relay", nodes.urls.relay, "--keep"]);
    expect(rest).toEqual(["--keep"]);
    try {
      expect(chains.mode).toBe("rpc");
      expect([chains.a.profile.chainId, chains.b.profile.chainId, chains.relay.profile.chainId]).toEqual([7001, 7002, 7003]);
      const committee = [0, 1, 2].map((i) => labelledAccount(`rpc-committee-${i}`));
      const d = await deployMedExChain(chains, { committee: committee.map((c) => c.address), threshold: 2 });
      const { gas } = await runLedgerWalkthrough(d, committee, "rpc");
      expect(gas.find((g) => g.functionName === "acknowledge")!.gasUsed).toBeGreaterThan(0n);
      const entries = await readAuditLog(chains.b, d.b.exchange);
      expect(verifyAuditLog(entries, { chainId: 7002n, contract: d.b.exchange.address }, await readStoredAuditHashes(chains.b, d.b.exchange))).toEqual([]);

      const p = await registerParties(d, committee, "rpc-forged");
      const { recordId } = await anchorRecord(d, p, "rpc-forged");
      const { message } = await fileRequest(d, p, recordId);
      await expectRevert(d.a.phrIndex.send(p.submitter, "acceptRequest", [message, await committeeProof(committee.slice(0, 1), message)]), "InsufficientSignatures");
    } finally {
      await chains.close();
    }
  });

  it("names an unreachable node and refuses nodes that share a chain id", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expect(probeChainId(closed, 1_000)).rejects.toThrow(RpcUnreachableError);
    await expect(connectRpcChains({ a: nodes.urls.a, b: nodes.urls.a, relay: nodes.urls.relay })).rejects.toThrow(/chain ids 7001, 7001, 7003/);
  });
});
