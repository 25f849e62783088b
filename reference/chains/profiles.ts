// The three chains' default profiles: different chain ids, identity schemes and block timing.
import type { ChainProfile, ChainRole } from "./adapter.ts";

/** Embedded defaults. Chain A mines a block per transaction; chain B and the relay chain mine on
 * their own clocks (every 20 ms and 40 ms), batching what arrived, so the three chains order and
 * timestamp events differently while a transaction still confirms within tens of milliseconds. */
export const DEFAULT_PROFILES: Readonly<Record<ChainRole, ChainProfile>> = {
  A: { role: "A", name: "chain A (source hospital)", chainId: 7001, identityScheme: "secp256k1-ecdsa", blockTiming: { mode: "automine" } },
  B: { role: "B", name: "chain B (requesting hospital)", chainId: 7002, identityScheme: "ed25519", blockTiming: { mode: "interval", intervalMs: 20 } },
  relay: { role: "relay", name: "relay chain", chainId: 7003, identityScheme: "secp256k1-ecdsa", blockTiming: { mode: "interval", intervalMs: 40 } },
};

/** The chain roles in deployment order. */
export const CHAIN_ROLES: readonly ChainRole[] = ["A", "B", "relay"];
