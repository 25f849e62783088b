// Setup and registration (phase 1): open the chains, deploy the contracts, register every party's
// keys on its home chain, and build the roles over one shared world.
import type { ProtocolSpec } from "../protocol/language.ts";
import { bytesToHex, type Address } from "viem";
import type { ChainSet } from "../reference/chains/adapter.ts";
import { deployMedExChain } from "../reference/chains/deploy.ts";
import type { BlobStore } from "../reference/storage/blob-store.ts";
import type { TraceRecorder } from "../reference/trace/events.ts";
import { makeParties, type Parties } from "../reference/roles/parties.ts";
import { makeWorld, type Faults, type World } from "../reference/roles/world.ts";
import { Device } from "../reference/roles/device.ts";
import { Firewall } from "../reference/roles/firewall.ts";
import { HospitalA } from "../reference/roles/hospital-a.ts";
import { Patient } from "../reference/roles/patient.ts";
import { HospitalB } from "../reference/roles/hospital-b.ts";
import { Relay } from "../reference/roles/relay.ts";
import { CommitteeSigners } from "../reference/committee/committee-signers.ts";
import { ROLE_CODES } from "../reference/contracts/codes.ts";
import { recordRegistrations } from "./registrations.ts";
import { checkHospitalKeys, deviceRegistration, hospitalRegistration, patientRegistration } from "../reference/roles/key-registration.ts";
import type { DeviceKeys, HospitalBKeys, PatientIdentity } from "../reference/roles/parties.ts";
import type { MedExChainDeployment } from "../reference/chains/deploy.ts";

/** Chain B's registrar registers a hospital: it checks the proofs the contract cannot (Ed25519, the PRE key's GT half), the contract checks the G2 half. */
export async function registerHospitalB(chains: ChainSet, d: MedExChainDeployment, account: Address, keys: HospitalBKeys, name: string): Promise<{ gasUsed: bigint }> {
  const at = { chainId: chains.b.profile.chainId, registry: d.b.registry.address, account };
  const k = hospitalRegistration(at, keys);
  checkHospitalKeys(at, k);
  return d.b.registry.send(d.b.registrar, "registerHospital", [account, k, name]);
}

export interface Deployment {
  readonly world: World;
  readonly parties: Parties;
  readonly devices: readonly Device[];
  readonly patients: readonly Patient[];
  readonly firewall: Firewall;
  readonly ha: HospitalA;
  readonly hb: HospitalB;
  readonly relay: Relay;
  /** Gas of every setup transaction. */
  readonly gas: bigint;
  readonly ms: number;
}

export interface SetupOptions {
  readonly seed?: string;
  readonly patients?: number;
  readonly trace?: TraceRecorder;
  readonly faults?: Faults;
  /** A share spec variant to run instead of the shipped one (the pre-fix grant, for the attack gallery). */
  readonly share?: ProtocolSpec;
}

/**
 * Who a deployment registers: addresses for the parties the chains know by account only (firewall,
 * hospital A, committee members, the relay carrier), and the keys of those whose registration carries
 * a proof of possession made with the secret (hospital B, each patient and her device).
 */
export interface Registrants {
  readonly firewall: Address;
  readonly ha: Address;
  readonly hb: HospitalBKeys;
  readonly patients: readonly { readonly patient: PatientIdentity; readonly device: Pick<DeviceKeys, "keys"> }[];
  readonly committee: readonly Address[];
  readonly threshold: number;
  /** The account the relay carrier submits from: funded on every chain. */
  readonly relaySubmitter: Address;
}

/** Deploy the contracts on `chains`, fund and register every party; the deployment and the gas it took. */
export async function deployAndRegister(chains: ChainSet, r: Registrants): Promise<{ deployment: MedExChainDeployment; gas: bigint }> {
  const d = await deployMedExChain(chains, { committee: r.committee, threshold: r.threshold });
  let gas = d.setupGas.reduce((n, g) => n + g.gasUsed, 0n);
  const eth = 10n ** 18n;
  const funder = chains.funded[1] ?? chains.funded[0]!;
  const submitter = r.relaySubmitter;
  // Each chain's funder sends its transactions one after another (nonces), the chains in parallel.
  const fund = async (chain: ChainSet["a"], to: readonly Address[]) => {
    for (const a of to) gas += (await chain.fund({ to: a, amount: eth, from: funder })).gasUsed;
  };
  await Promise.all([
    fund(chains.a, [r.ha, submitter, ...r.patients.map((p) => p.patient.account.address)]),
    fund(chains.b, [r.hb.account.address, submitter]),
    fund(chains.relay, [submitter]),
  ]);
  const regA = d.a.registrar;
  const steps: Promise<{ gasUsed: bigint }>[] = [];
  steps.push(
    (async () => {
      const r1 = await d.a.registry.send(regA, "registerParty", [r.ha, ROLE_CODES.hospital]);
      const r2 = await d.a.registry.send(regA, "registerParty", [r.firewall, ROLE_CODES.firewall]);
      return { gasUsed: r1.gasUsed + r2.gasUsed };
    })(),
    registerHospitalB(chains, d, r.hb.account.address, r.hb, "Hospital B"),
    ...r.patients.map(async ({ patient: p, device }) => {
      const at = { chainId: chains.a.profile.chainId, registry: d.a.registry.address, account: p.account.address };
      const r1 = await d.a.registry.send(p.account, "registerPatient", patientRegistration(at, p));
      const r2 = await d.a.registry.send(p.account, "registerDevice", deviceRegistration(at, device));
      return { gasUsed: r1.gasUsed + r2.gasUsed };
    }),
  );
  for (const x of await Promise.all(steps)) gas += x.gasUsed;
  return { deployment: d, gas };
}

/** Deploy MedExChain on `chains` and register all parties. */
export async function setupDeployment(chains: ChainSet, store: BlobStore, opts: SetupOptions = {}): Promise<Deployment> {
  const t0 = performance.now();
  const parties = makeParties(opts.seed ?? "demo", { patients: opts.patients ?? 1 });
  const { deployment: d, gas } = await deployAndRegister(chains, {
    firewall: parties.firewall.account.address,
    ha: parties.ha.account.address,
    hb: parties.hb,
    patients: parties.patients.map((p) => ({ patient: p, device: p.device })),
    committee: parties.committee.map((m) => m.account.address as Address),
    threshold: parties.threshold,
    relaySubmitter: parties.committee[0]!.account.address,
  });

  const world = makeWorld(chains, d, store, { ...(opts.trace ? { trace: opts.trace } : {}), ...(opts.faults ? { faults: opts.faults } : {}), ...(opts.share ? { share: opts.share } : {}) });
  const dep: Deployment = {
    world,
    parties,
    devices: parties.patients.map((p) => new Device(world, p, parties.ha.id, parties.firewall.id)),
    patients: parties.patients.map((p) => new Patient(world, p)),
    firewall: new Firewall(world, parties.firewall),
    ha: new HospitalA(world, parties.ha, parties.firewall.account.address),
    hb: new HospitalB(world, parties.hb),
    relay: new Relay(world, CommitteeSigners.of(parties.committee, d.committee.threshold), parties.committee[0]!.account),
    gas,
    ms: performance.now() - t0,
  };
  // Registrations and chain ids go into the trace, so conformance checks signatures against them.
  recordRegistrations(dep);
  return dep;
}
