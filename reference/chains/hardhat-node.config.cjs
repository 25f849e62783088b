// Hardhat config for the external-RPC mode: one `hardhat node` per MedExChain chain, parameterised by
// the environment so the same file serves chain A, chain B and the relay chain:
//   MEDEX_CHAIN_ID=7001 MEDEX_BLOCK_INTERVAL_MS=0 npx hardhat node --config reference/chains/hardhat-node.config.cjs
// MEDEX_BLOCK_INTERVAL_MS=0 (default) mines one block per transaction; N > 0 mines a block every N ms.
const os = require("node:os");
const path = require("node:path");

const chainId = Number(process.env.MEDEX_CHAIN_ID ?? "31337");
const intervalMs = Number(process.env.MEDEX_BLOCK_INTERVAL_MS ?? "0");
if (!Number.isInteger(chainId) || chainId <= 0) throw new Error(`MEDEX_CHAIN_ID must be a positive integer, got ${process.env.MEDEX_CHAIN_ID}`);
if (!Number.isInteger(intervalMs) || intervalMs < 0) throw new Error(`MEDEX_BLOCK_INTERVAL_MS must be a non-negative integer, got ${process.env.MEDEX_BLOCK_INTERVAL_MS}`);

module.exports = {
  networks: {
    hardhat: {
      chainId,
      hardfork: "osaka",
      allowBlocksWithSameTimestamp: true,
      mining: intervalMs > 0 ? { auto: false, interval: intervalMs } : { auto: true },
      loggingEnabled: false,
    },
  },
  // Nothing is compiled by the node; keep hardhat's cache out of the source tree.
  paths: { cache: path.join(os.tmpdir(), "medexchain-hardhat-cache"), artifacts: path.join(os.tmpdir(), "medexchain-hardhat-artifacts") },
};
