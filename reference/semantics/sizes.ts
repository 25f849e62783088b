// Exact byte sizes of the protocol's fixed-size values, by the spec term that carries them; the
// codec rejects a field of the wrong length before any role looks at it.
import type { Term } from "../../protocol/terms.ts";
import { GRANT_TOKEN_BYTES, SIZES } from "../crypto/index.ts";

const SIGNATURE_BYTES: Record<string, number> = {
  ecdsaA: SIZES.ethSignature,
  ed25519B: SIZES.ed25519Signature,
  blsD: SIZES.deviceSignature,
};

const AGENT_BYTES: Record<string, number> = {
  D: 32, // device id = keccak256(device BLS public key), as registered on chain A
  F: SIZES.ethAddress,
  HA: SIZES.ethAddress,
  P: SIZES.ethAddress,
  HB: SIZES.ed25519PublicKey, // chain B identities are Ed25519 keys
  R: SIZES.ethAddress,
};

const ATOM_BYTES: Record<string, number | undefined> = {
  Nonce: 32,
  Timestamp: 8,
  Identifier: 32,
  Name: 32,
  ChainId: 8,
  Randomness: 32,
  DataKey: SIZES.gt,
  SessionKey: 32,
};

/** Bytes of the value a term stands for, or undefined when it varies (PHR, blobs, committee proofs). */
export function sizeOf(t: Term): number | undefined {
  switch (t.kind) {
    case "atom":
      return ATOM_BYTES[t.sort];
    case "agent":
      return AGENT_BYTES[t.role];
    case "sign":
      return SIGNATURE_BYTES[t.key.scheme];
    case "preEnc":
    case "rerand":
      return SIZES.secondLevelCiphertext;
    case "reEnc":
      return SIZES.firstLevelCiphertext;
    case "reKey":
      return t.record ? GRANT_TOKEN_BYTES : SIZES.reKey;
    case "hash":
      return t.fn === "cid" ? 36 : 32;
    default:
      return undefined;
  }
}
