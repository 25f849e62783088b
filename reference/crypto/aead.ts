// Authenticated encryption of PHR blobs: ChaCha20-Poly1305 (RFC 8439) under a key used for exactly
// one blob, so the nonce is the constant zero and is not transmitted. A nonce the device could pick
// would be a free subliminal channel the firewall cannot police; a constant one carries nothing.
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { AeadError, ArgumentError } from "./errors.ts";
import { DATA_KEY_BYTES } from "./kdf.ts";

/** Bytes of the Poly1305 tag appended to each blob. */
export const AEAD_TAG_BYTES = 16;
const FIXED_NONCE = new Uint8Array(12);

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== DATA_KEY_BYTES) {
    throw new ArgumentError(`AEAD key must be ${DATA_KEY_BYTES} bytes (derive it with dataKeyFrom)`);
  }
}

/** Encrypts a blob: ciphertext ‖ 16-byte tag. The key must never be reused for another blob. */
export function sealBlob(key: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): Uint8Array {
  checkKey(key);
  return chacha20poly1305(key, FIXED_NONCE, associatedData).encrypt(plaintext);
}

/** Decrypts and authenticates a blob; throws AeadError on a wrong key, wrong AD or tampering. */
export function openBlob(key: Uint8Array, blob: Uint8Array, associatedData: Uint8Array): Uint8Array {
  checkKey(key);
  if (!(blob instanceof Uint8Array) || blob.length < AEAD_TAG_BYTES) throw new AeadError(`blob shorter than the ${AEAD_TAG_BYTES}-byte tag`);
  try {
    return chacha20poly1305(key, FIXED_NONCE, associatedData).decrypt(blob);
  } catch {
    throw new AeadError("tag mismatch");
  }
}
