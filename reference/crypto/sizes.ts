// Every encoded size of the reference cryptography, in bytes, in one place (documented in docs/crypto.md).
import { G1_BYTES, G2_BYTES } from "./points.ts";
import { GT_BYTES } from "./gt-encoding.ts";
import { SCALAR_BYTES } from "./scalar.ts";
import {
  FIRST_LEVEL_CIPHERTEXT_BYTES,
  PRE_PUBLIC_KEY_BYTES,
  PRE_SECRET_KEY_BYTES,
  RECORD_GRANT_BYTES,
  REKEY_BYTES,
  SECOND_LEVEL_CIPHERTEXT_BYTES,
} from "./pre-encoding.ts";
import { GRANT_TOKEN_BYTES } from "./grant-token.ts";
import { POSSESSION_PROOF_BYTES } from "./pre-possession.ts";
import { DEVICE_PUBLIC_KEY_BYTES, DEVICE_SECRET_KEY_BYTES, DEVICE_SIGNATURE_BYTES } from "./device-signature.ts";
import { ETH_ADDRESS_BYTES, ETH_PUBLIC_KEY_BYTES, ETH_SECRET_KEY_BYTES, ETH_SIGNATURE_BYTES } from "./ethereum-signature.ts";
import { ED25519_PUBLIC_KEY_BYTES, ED25519_SECRET_KEY_BYTES, ED25519_SIGNATURE_BYTES } from "./ed25519-signature.ts";
import { AEAD_TAG_BYTES } from "./aead.ts";
import { DATA_KEY_BYTES, KEY_COMMITMENT_BYTES } from "./kdf.ts";

/** Encoded sizes in bytes. */
export const SIZES = Object.freeze({
  scalar: SCALAR_BYTES, // 32
  g1: G1_BYTES, // 48
  g2: G2_BYTES, // 96
  gt: GT_BYTES, // 288
  preSecretKey: PRE_SECRET_KEY_BYTES, // 64
  prePublicKey: PRE_PUBLIC_KEY_BYTES, // 384
  secondLevelCiphertext: SECOND_LEVEL_CIPHERTEXT_BYTES, // 336
  firstLevelCiphertext: FIRST_LEVEL_CIPHERTEXT_BYTES, // 576
  reKey: REKEY_BYTES, // 96 (pre-fix construction)
  recordGrant: RECORD_GRANT_BYTES, // 384
  grantToken: GRANT_TOKEN_BYTES, // 416
  possessionProof: POSSESSION_PROOF_BYTES, // 96
  deviceSecretKey: DEVICE_SECRET_KEY_BYTES, // 32
  devicePublicKey: DEVICE_PUBLIC_KEY_BYTES, // 96
  deviceSignature: DEVICE_SIGNATURE_BYTES, // 48
  ethSecretKey: ETH_SECRET_KEY_BYTES, // 32
  ethPublicKey: ETH_PUBLIC_KEY_BYTES, // 33
  ethAddress: ETH_ADDRESS_BYTES, // 20
  ethSignature: ETH_SIGNATURE_BYTES, // 65
  committeeSignaturePerMember: ETH_SIGNATURE_BYTES, // 65
  ed25519SecretKey: ED25519_SECRET_KEY_BYTES, // 32
  ed25519PublicKey: ED25519_PUBLIC_KEY_BYTES, // 32
  ed25519Signature: ED25519_SIGNATURE_BYTES, // 64
  dataKey: DATA_KEY_BYTES, // 32
  keyCommitment: KEY_COMMITMENT_BYTES, // 32
  aeadTag: AEAD_TAG_BYTES, // 16
  aeadNonce: 0, // constant, never sent
});
