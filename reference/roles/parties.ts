// Every party's key material, derived from one seed so a demo run is reproducible; each party holds
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

export interface PatientKeys extends EvmIdentity {
  readonly pre: PreKeyPair;
  readonly prePublicKey: Uint8Array;
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

function evmIdentity(rng: Rng): EvmIdentity {
  const eth = ethKeyGen(rng);
  const account = privateKeyToAccount(bytesToHex(eth.sk));
  return { eth, account, id: hexBytes(account.address) };
}

function hexBytes(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h.slice(2), "hex"));
}

/** Derive all parties from a seed: `patients` patients (each with one device) and an n-member committee with threshold t. */
export function makeParties(seed: string, opts: { patients?: number; committee?: number; threshold?: number } = {}): Parties {
  const rng = seededRng(`MedExChain/parties/v1/${seed}`);
  const n = opts.committee ?? 3;
  const t = opts.threshold ?? Math.floor(n / 2) + 1;
  const firewall = evmIdentity(rng);
  const ha = evmIdentity(rng);
  const edKeys = edKeyGen(rng);
  const hbPre = preKeyGen(rng);
  const hb: HospitalBKeys = {
    ed: edKeys,
    account: evmIdentity(rng).account,
    pre: hbPre,
    prePublicKey: encodePrePublicKey(hbPre.pk),
    id: edKeys.pk,
  };
  const patients = Array.from({ length: opts.patients ?? 1 }, () => {
    const id = evmIdentity(rng);
    const pre = preKeyGen(rng);
    const dk = deviceKeyGen(rng);
    const publicKey = encodeDevicePublicKey(dk.pk);
    return { ...id, pre, prePublicKey: encodePrePublicKey(pre.pk), device: { keys: dk, publicKey, id: keccak256(publicKey) } };
  });
  const committee = Array.from({ length: n }, () => evmIdentity(rng));
  return { firewall, ha, hb, patients, committee, threshold: t };
}
