// Key provisioning for a local deployment: every party gets its own data directory with its keys
// (reference/service/party-keys.ts), before anything touches a chain. What the deployment then
// registers comes from those directories: the public parts (public.json) for the parties the chains
// know by address only — firewall, hospital A, committee members, relay carrier: their secrets are
// never read here — and the keys of those whose registration carries a proof of possession made with
// the secret: hospital B (the registrar submits its proofs), each patient (she sends her registration
// from her account) and her device (its proof, bound to her account).
import { join } from "node:path";
import { seededRng, systemRng, type Rng } from "../reference/crypto/index.ts";
import { initKeys, loadDeviceKeys, loadHospitalBKeys, loadPatientKeys, readPublicKeys, type KeyRole } from "../reference/service/party-keys.ts";
import type { DeviceKeys, PatientIdentity } from "../reference/roles/parties.ts";
import type { Registrants } from "./setup.ts";
import type { Address } from "viem";

/** A deployment's parties, each in `dir/<name>`. */
export interface ProvisionedParties {
  /** Data directory by party name (member-i, relay, patient-i, device-i, hospital-a, hospital-b, firewall). */
  readonly dirs: Readonly<Record<string, string>>;
  readonly registrants: Registrants;
  /** Patient i with her device's keys: the devices are clients the caller runs. */
  readonly devices: readonly { readonly patient: PatientIdentity; readonly device: DeviceKeys }[];
}

/**
 * Provision (or find: existing keys are kept) every party's keys under `dir`. Without `seed` the
 * secrets come from the OS CSPRNG; with it, from a seed per party (a reproducible run, as the demo).
 */
export function provisionParties(dir: string, opts: { patients: number; committee?: number; threshold?: number; seed?: string }): ProvisionedParties {
  const n = opts.committee ?? 3;
  const dirs: Record<string, string> = {};
  const rngFor = (name: string): Rng => (opts.seed === undefined ? systemRng : seededRng(`MedExChain/local-deployment/v1/${opts.seed}/${name}`));
  const init = (name: string, role: KeyRole, index = 0) => {
    dirs[name] = join(dir, name);
    return initKeys(dirs[name]!, role, index, rngFor(name)).public;
  };
  const address = (name: string, role: KeyRole) => readPublicKeys(dirs[name]!, role).address as Address;
  const committee = Array.from({ length: n }, (_, i) => (init(`member-${i}`, "member", i), address(`member-${i}`, "member")));
  for (const [name, role] of [["relay", "relay"], ["hospital-a", "hospital-a"], ["firewall", "firewall"], ["hospital-b", "hospital-b"]] as const) init(name, role);
  const devices = Array.from({ length: opts.patients }, (_, i) => {
    init(`patient-${i}`, "patient", i);
    init(`device-${i}`, "device", i);
    return { patient: loadPatientKeys(dirs[`patient-${i}`]!), device: loadDeviceKeys(dirs[`device-${i}`]!) };
  });
  return {
    dirs,
    devices,
    registrants: {
      firewall: address("firewall", "firewall"),
      ha: address("hospital-a", "hospital-a"),
      hb: loadHospitalBKeys(dirs["hospital-b"]!),
      patients: devices,
      committee,
      threshold: opts.threshold ?? Math.floor(n / 2) + 1,
      relaySubmitter: address("relay", "relay"),
    },
  };
}
