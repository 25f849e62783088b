// Every party's key material: derived from one seed so a demo run is reproducible (makeParties), or
// per party from a secret in its own data directory (reference/service/party-keys.ts); each party holds
// a key pair per scheme the spec gives it (chain A secp256k1, chain B Ed25519, device BLS, PRE).
import { bytesToHex, type LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  deviceKeyGen,
  edKeyGen,
  encodeDevicePublicKey,
  encodePrePublicKey,
  ethKeyGen,
  keccak256,
  preKeyGen,
  seededRng,
  type DeviceKeyPair,
  type Ed25519KeyPair,
  type EthKeyPair,
  type PreKeyPair,
  type Rng,
} from "../crypto/index.ts";

/** A chain-A style identity: a secp256k1 key and the EVM account that sends its transactions. */
export interface EvmIdentity {
  readonly eth: EthKeyPair;
  readonly account: LocalAccount;
  /** 20-byte address. */
  readonly id: Uint8Array;
}

export interface DeviceKeys {
  readonly keys: DeviceKeyPair;
  readonly publicKey: Uint8Array;
  /** keccak256(BLS public key): the device id registered on chain A. */
  readonly id: Uint8Array;
}

/** What the patient herself holds: her chain-A identity and her PRE key pair. */
export interface PatientIdentity extends EvmIdentity {
  readonly pre: PreKeyPair;
  readonly prePublicKey: Uint8Array;
}

/** A patient with her device (the demo provisions both together). */
export interface PatientKeys extends PatientIdentity {
  readonly device: DeviceKeys;
}

/** What a device needs of its patient: her identity and her PRE public key (it encrypts to her). */
export interface DeviceOwner {
  readonly id: Uint8Array;
  readonly pre: Pick<PreKeyPair, "pk">;
  readonly device: DeviceKeys;
}

export interface HospitalBKeys {
  readonly ed: Ed25519KeyPair;
  /** The EVM account that pays chain B's gas; the protocol identity is the Ed25519 key. */
  readonly account: LocalAccount;
  readonly pre: PreKeyPair;
  readonly prePublicKey: Uint8Array;
  /** 32-byte Ed25519 public key. */
  readonly id: Uint8Array;
}

export interface Parties {
  readonly firewall: EvmIdentity;
  readonly ha: EvmIdentity;
  readonly hb: HospitalBKeys;
  readonly patients: readonly PatientKeys[];
  readonly committee: readonly EvmIdentity[];
  readonly threshold: number;
}

/** A chain-A identity drawn from `rng`. */
export function evmIdentity(rng: Rng): EvmIdentity {
  const eth = ethKeyGen(rng);
  const account = privateKeyToAccount(bytesToHex(eth.sk));
  return { eth, account, id: hexBytes(account.address) };
}

function hexBytes(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h.slice(2), "hex"));
}

/** Hospital B's keys drawn from `rng`: Ed25519 identity, chain-B gas account, PRE key pair. */
export function hospitalBKeys(rng: Rng): HospitalBKeys {
  const edKeys = edKeyGen(rng);
  const hbPre = preKeyGen(rng);
  return {
    ed: edKeys,
    account: evmIdentity(rng).account,
    pre: hbPre,
    prePublicKey: encodePrePublicKey(hbPre.pk),
    id: edKeys.pk,
  };
}

/** A patient's own keys drawn from `rng`. */
export function patientIdentity(rng: Rng): PatientIdentity {
  const id = evmIdentity(rng);
  const pre = preKeyGen(rng);
  return { ...id, pre, prePublicKey: encodePrePublicKey(pre.pk) };
}

/** A device's BLS key pair drawn from `rng`, with its public key encoding and id. */
export function deviceKeys(rng: Rng): DeviceKeys {
  const keys = deviceKeyGen(rng);
  const publicKey = encodeDevicePublicKey(keys.pk);
  return { keys, publicKey, id: keccak256(publicKey) };
}

/** Derive all parties from a seed: `patients` patients (each with one device) and an n-member committee with threshold t. */
export function makeParties(seed: string, opts: { patients?: number; committee?: number; threshold?: number } = {}): Parties {
  const rng = seededRng(`MedExChain/parties/v1/${seed}`);
  const n = opts.committee ?? 3;
  const t = opts.threshold ?? Math.floor(n / 2) + 1;
  const firewall = evmIdentity(rng);
  const ha = evmIdentity(rng);
  const hb = hospitalBKeys(rng);
  // The same draws in the same order as ever: a seed names the same parties it always did.
  const patients = Array.from({ length: opts.patients ?? 1 }, () => {
    const p = patientIdentity(rng);
    return { ...p, device: deviceKeys(rng) };
  });
  const committee = Array.from({ length: n }, () => evmIdentity(rng));
  return { firewall, ha, hb, patients, committee, threshold: t };
}
