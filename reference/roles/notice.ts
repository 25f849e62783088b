// What the relay tells the destination role besides the chain: which transaction carried the
// message and the committee proof it submitted (so the receiver re-checks the proof itself).
import type { Hex } from "viem";

export interface RelayNotice {
  readonly requestId: Hex;
  readonly txHash: Hex;
  /** Concatenated 65-byte committee signatures, sorted by signer. */
  readonly proof: Uint8Array;
  readonly gasUsed: bigint;
}
