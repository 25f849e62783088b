// Committee member keys for the relay tests: labelled like dev accounts, with the key itself exposed.
import { keccak256, stringToBytes, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { MemberKey } from "../../../reference/committee/committee-signers.ts";

/** A member key derived from `label` (the same derivation as labelledAccount). */
export function devAccountKey(label: string): MemberKey {
  const key: Hex = keccak256(stringToBytes(`MedExChain/dev-account/v1/${label}`));
  return { address: privateKeyToAccount(key).address, key };
}
