// Development accounts. The embedded chains fund the well-known Hardhat/Anvil development mnemonic's
// accounts at genesis, exactly as `hardhat node` and `anvil` do, so the same accounts pay for gas
// in embedded and external-RPC mode. Never use these keys on a public network.
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex, keccak256, stringToBytes, type Hex, type LocalAccount } from "viem";
import { HDKey, hdKeyToAccount, privateKeyToAccount } from "viem/accounts";

/** The public development mnemonic funded by Hardhat and Anvil nodes. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** How many development accounts a `hardhat node` funds by default. */
export const DEV_ACCOUNT_COUNT = 20;

let root: HDKey | undefined;
const keys: Hex[] = [];

// BIP-39 seed (PBKDF2-HMAC-SHA512, 2048 rounds) computed once; every account derives from it (BIP-44 m/44'/60'/0'/0/i).
function rootKey(): HDKey {
  root ??= HDKey.fromMasterSeed(pbkdf2(sha512, stringToBytes(DEV_MNEMONIC.normalize("NFKD")), stringToBytes("mnemonic"), { c: 2048, dkLen: 64 }));
  return root;
}

/** The private key of development account `i`. */
export function devPrivateKey(i: number): Hex {
  if (!Number.isInteger(i) || i < 0 || i >= DEV_ACCOUNT_COUNT) throw new RangeError(`development account index ${i} is outside 0..${DEV_ACCOUNT_COUNT - 1}`);
  for (let j = keys.length; j <= i; j++) {
    const pk = hdKeyToAccount(rootKey(), { addressIndex: j }).getHdKey().privateKey;
    if (!pk) throw new RangeError(`development account ${j} has no private key`);
    keys.push(bytesToHex(pk));
  }
  return keys[i]!;
}

/** The first `count` development accounts (at most DEV_ACCOUNT_COUNT). */
export function devAccounts(count: number = 10): LocalAccount[] {
  return Array.from({ length: Math.min(count, DEV_ACCOUNT_COUNT) }, (_, i) => privateKeyToAccount(devPrivateKey(i)));
}

/** A deterministic, unfunded account for a named party ("patient-3"): reproducible runs, distinct keys. */
export function labelledAccount(label: string, seed: string = "MedExChain/dev-account/v1"): LocalAccount {
  return privateKeyToAccount(keccak256(stringToBytes(`${seed}/${label}`)));
}
