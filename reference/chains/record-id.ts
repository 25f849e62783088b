// Record ids are derived on chain A (PhrIndexA.recordIdOf), never chosen by the anchoring hospital:
// keccak256(abi.encode(chain id, anchoring hospital, owner, CID, device timestamp)). The same
// derivation off chain lets a hospital sign the id before anchoring and anyone recompute it.
import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";

/** The id chain `chainId` gives the record `hospital` anchors for `owner` with blob `cid` at device time `timestamp`. */
export function recordIdOf(chainId: number, hospital: Address, owner: Address, cid: Hex, timestamp: bigint): Hex {
  return keccak256(
    encodeAbiParameters([{ type: "uint256" }, { type: "address" }, { type: "address" }, { type: "bytes" }, { type: "uint64" }], [BigInt(chainId), hospital, owner, cid, timestamp]),
  );
}
