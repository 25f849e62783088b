// Each attack runs on fresh embedded chains with every party registered, so no scenario sees
// another's leftovers; a second requesting hospital can join for the scenarios that need one.
import type { LocalAccount } from "viem";
import type { ProtocolSpec } from "../protocol/language.ts";
import { startEmbeddedChains } from "../reference/chains/embedded.ts";
import type { ChainSet } from "../reference/chains/adapter.ts";
import { labelledAccount } from "../reference/chains/dev-accounts.ts";
import { edKeyGen, encodePrePublicKey, preKeyGen, seededRng } from "../reference/crypto/index.ts";
import { registerHospitalB, setupDeployment, type Deployment } from "./setup.ts";
import { HospitalB } from "../reference/roles/hospital-b.ts";
import type { HospitalBKeys } from "../reference/roles/parties.ts";
import { MemoryBlobStore } from "../reference/storage/memory-blob-store.ts";

/** A scenario's world: chains, the deployed roles and the blob store they share. */
export interface AttackWorld {
  chains: ChainSet;
  dep: Deployment;
  store: MemoryBlobStore;
}

/** Run `f` on fresh embedded chains with MedExChain deployed; the chains are closed afterwards. */
export async function onFreshChains<T>(seed: string, f: (w: AttackWorld) => Promise<T>, opts: { share?: ProtocolSpec } = {}): Promise<T> {
  const chains = await startEmbeddedChains();
  let dep: Deployment | undefined;
  try {
    const store = new MemoryBlobStore();
    dep = await setupDeployment(chains, store, { seed: `attacks/${seed}`, ...(opts.share ? { share: opts.share } : {}) });
    return await f({ chains, dep, store });
  } finally {
    // The committee's member workers end with the scenario, not with the process.
    await dep?.relay.committee.close();
    await chains.close();
  }
}

/** Register and fund another hospital on chain B (a second requester, "HC"). */
export async function secondHospital(w: AttackWorld, label: string): Promise<HospitalB> {
  const rng = seededRng(`MedExChain/attacks/${label}`);
  const ed = edKeyGen(rng);
  const pre = preKeyGen(rng);
  const account: LocalAccount = labelledAccount(`attacks-${label}`);
  const keys: HospitalBKeys = { ed, account, pre, prePublicKey: encodePrePublicKey(pre.pk), id: ed.pk };
  const d = w.dep.world.deployment;
  await w.chains.b.fund({ to: account.address, amount: 10n ** 18n, from: w.chains.funded[2] ?? w.chains.funded[0]! });
  await registerHospitalB(w.chains, d, account.address, keys, label);
  return new HospitalB(w.dep.world, keys);
}

/** A funded account with no registration anywhere. */
export async function outsider(w: AttackWorld, label: string): Promise<LocalAccount> {
  const account = labelledAccount(`attacks-outsider-${label}`);
  const from = w.chains.funded[3] ?? w.chains.funded[0]!;
  await Promise.all([w.chains.a.fund({ to: account.address, amount: 10n ** 18n, from }), w.chains.b.fund({ to: account.address, amount: 10n ** 18n, from })]);
  return account;
}
