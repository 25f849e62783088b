// A party's keys, provisioned once into the data directory it owns. `keys.json` (mode 0600) holds a
// 32-byte secret drawn from the operating system's CSPRNG; the party's key pairs for every scheme it
// uses are derived from it (ChaCha20 keyed by SHA-256 of a role-tagged secret, the same generators the
// demo's seed uses). `public.json` beside it holds only the public parts: what a deployment registers
// on the chains and what another process may read. A key file is written once (created exclusively:
// never overwritten, even by a second `keys init` racing the first) and checked on every load: the
// public parts it names must be the ones its secret derives, so a truncated, edited or swapped file
// is a typed error naming the file, not a party running under the wrong key.
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { bytesToHex, hexToBytes, type Address, type Hex } from "viem";
import { MedExChainError } from "../../protocol/errors.ts";
import { seededRng, systemRng, type Rng } from "../crypto/index.ts";
import { deviceKeys, evmIdentity, hospitalBKeys, patientIdentity, type DeviceKeys, type EvmIdentity, type HospitalBKeys, type PatientIdentity } from "../roles/parties.ts";

/** Parties that hold keys of their own. */
export const KEY_ROLES = ["firewall", "hospital-a", "hospital-b", "patient", "device", "member", "relay"] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export const KEY_FILE = "keys.json";
export const PUBLIC_FILE = "public.json";

/** The public parts of a party's keys, as exported. */
export interface PublicKeys {
  role: KeyRole;
  index: number;
  /** The EVM account (chain A identity; hospital B's chain-B gas account). */
  address?: Address;
  /** PRE public key (patient, hospital B). */
  pre?: Hex;
  /** Ed25519 public key (hospital B's protocol identity). */
  ed25519?: Hex;
  /** BLS public key and the device id registered on chain A (device). */
  devicePublicKey?: Hex;
  deviceId?: Hex;
}

interface KeyFileContent {
  version: 1;
  role: KeyRole;
  index: number;
  secret: Hex;
  public: PublicKeys;
}

/** A key file that is missing, unreadable or does not hold the keys it should. */
export class KeyFileError extends MedExChainError {
  constructor(
    readonly path: string,
    detail: string,
    remedy: string,
  ) {
    super("E_KEY_FILE", `the key file ${path} ${detail}`, remedy);
  }
}

const initCommand = (role: KeyRole, dataDir: string) => `npx medexchain keys init --role ${role} --data-dir ${dataDir}${role === "member" || role === "patient" || role === "device" ? " --index I" : ""}`;

/** The keys a secret derives for `role`. */
function derive(role: KeyRole, secret: Uint8Array): { keys: EvmIdentity | HospitalBKeys | PatientIdentity | DeviceKeys; public: Omit<PublicKeys, "role" | "index"> } {
  const rng = seededRng(new Uint8Array([...new TextEncoder().encode(`MedExChain/party-keys/v1/${role}/`), ...secret]));
  switch (role) {
    case "hospital-b": {
      const k = hospitalBKeys(rng);
      return { keys: k, public: { address: k.account.address, ed25519: bytesToHex(k.id), pre: bytesToHex(k.prePublicKey) } };
    }
    case "patient": {
      const k = patientIdentity(rng);
      return { keys: k, public: { address: k.account.address, pre: bytesToHex(k.prePublicKey) } };
    }
    case "device": {
      const k = deviceKeys(rng);
      return { keys: k, public: { devicePublicKey: bytesToHex(k.publicKey), deviceId: bytesToHex(k.id) } };
    }
    default: {
      const k = evmIdentity(rng);
      return { keys: k, public: { address: k.account.address } };
    }
  }
}

let tmpSeq = 0;

/** A flushed temporary file beside `path` holding `text`. */
function flushedTemp(path: string, text: string, mode: number): string {
  const tmp = `${path}.${process.pid}.${tmpSeq++}.tmp`;
  const fd = openSync(tmp, "wx", mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/** Write `text` to `path` only if nothing is there (exclusive create through a hard link); whether it wrote. */
function writeOnce(path: string, text: string, mode: number): boolean {
  const tmp = flushedTemp(path, text, mode);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Provision `role`'s keys into `dataDir` (index: which member, patient or device) unless a key file
 * is already there; returns the public keys and whether they were created now. An existing file is
 * loaded and checked, never replaced.
 */
export function initKeys(dataDir: string, role: KeyRole, index = 0, rng: Rng = systemRng): { created: boolean; public: PublicKeys } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, KEY_FILE);
  let created = false;
  if (!existsSync(path)) {
    const secret = rng(32);
    const pub: PublicKeys = { role, index, ...derive(role, secret).public };
    const content: KeyFileContent = { version: 1, role, index, secret: bytesToHex(secret), public: pub };
    created = writeOnce(path, JSON.stringify(content, null, 2) + "\n", 0o600);
  }
  const pub = loadKeyFile(dataDir, role).public;
  // The public half is written from the checked secret (atomically replaced): derived, never authoritative.
  const pubPath = join(dataDir, PUBLIC_FILE);
  renameSync(flushedTemp(pubPath, JSON.stringify(pub, null, 2) + "\n", 0o644), pubPath);
  return { created, public: pub };
}

function loadKeyFile(dataDir: string, role: KeyRole): { secret: Uint8Array; public: PublicKeys; keys: ReturnType<typeof derive>["keys"] } {
  const path = join(dataDir, KEY_FILE);
  const init = () => `provision the party first: ${initCommand(role, dataDir)} (or point --data-dir at the directory that holds its keys)`;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    throw new KeyFileError(path, missing ? "does not exist" : `cannot be read (${(e as Error).message})`, init());
  }
  let c: KeyFileContent;
  try {
    c = JSON.parse(text) as KeyFileContent;
  } catch (e) {
    throw new KeyFileError(path, `is not valid JSON (${(e as Error).message})`, "restore the party's data directory from its backup; a party whose keys are lost must be provisioned and registered anew");
  }
  const damaged = (detail: string) => new KeyFileError(path, detail, "restore the party's data directory from its backup; a party whose keys are lost must be provisioned and registered anew");
  if (c === null || typeof c !== "object" || c.version !== 1) throw damaged("is not a version-1 key file");
  if (c.role !== role) throw new KeyFileError(path, `holds the keys of a ${String(c.role)}, not of a ${role}`, `start the ${role} with its own data directory, or ${init()}`);
  if (typeof c.secret !== "string" || !/^0x[0-9a-f]{64}$/i.test(c.secret)) throw damaged("has no 32-byte secret");
  const secret = hexToBytes(c.secret);
  const d = derive(role, secret);
  const pub: PublicKeys = { role, index: c.index, ...d.public };
  if (JSON.stringify(pub) !== JSON.stringify(c.public)) throw damaged("names public keys its secret does not derive (edited or mixed up)");
  return { secret, public: pub, keys: d.keys };
}

/** The public keys of the party provisioned in `dataDir` (from public.json: the secret is not read). */
export function readPublicKeys(dataDir: string, role: KeyRole): PublicKeys {
  const path = join(dataDir, PUBLIC_FILE);
  let p: PublicKeys;
  try {
    p = JSON.parse(readFileSync(path, "utf8")) as PublicKeys;
  } catch (e) {
    throw new KeyFileError(path, `cannot be read (${(e as Error).message})`, `provision the party first: ${initCommand(role, dataDir)}`);
  }
  if (p.role !== role) throw new KeyFileError(path, `holds the public keys of a ${String(p.role)}, not of a ${role}`, `read the ${role}'s own data directory`);
  return p;
}

/** A party's chain-A identity (firewall, hospital A, committee member, relay carrier) from its data directory. */
export function loadEvmIdentity(dataDir: string, role: "firewall" | "hospital-a" | "member" | "relay"): EvmIdentity {
  return loadKeyFile(dataDir, role).keys as EvmIdentity;
}

/** Hospital B's keys from its data directory. */
export function loadHospitalBKeys(dataDir: string): HospitalBKeys {
  return loadKeyFile(dataDir, "hospital-b").keys as HospitalBKeys;
}

/** A patient's own keys from her data directory. */
export function loadPatientKeys(dataDir: string): PatientIdentity {
  return loadKeyFile(dataDir, "patient").keys as PatientIdentity;
}

/** A device's keys from its data directory. */
export function loadDeviceKeys(dataDir: string): DeviceKeys {
  return loadKeyFile(dataDir, "device").keys as DeviceKeys;
}
