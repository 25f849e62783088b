// Typed errors of the reference cryptography. Every failure a caller can provoke with bad input
// has its own class and a stable `code`, so the role implementations and the conformance checker
// can tell a malformed message from a failed check without parsing messages.
import { MedExChainError } from "../../protocol/errors.ts";

/** Base class of every error thrown by reference/crypto. */
export class CryptoError extends MedExChainError {
  constructor(code: string, message: string, remedy = "the input is not a valid encoding or value: send the canonical encoding the matching encoder produces") {
    super(code, message, remedy);
  }
}

/** Input bytes have the wrong length for the type being decoded. */
export class LengthError extends CryptoError {
  constructor(what: string, expected: number | string, got: number) {
    const want = typeof expected === "number" ? `exactly ${expected} bytes` : expected;
    super("E_LENGTH", `${what}: expected ${want}, got ${got < 0 ? "a non-byte value" : `${got} bytes`}; pass the canonical encoding produced by the matching encoder`);
  }
}

/** Bytes do not encode a valid point of the required group (off curve, wrong subgroup, bad flags, infinity). */
export class PointEncodingError extends CryptoError {
  constructor(what: string, reason: string) {
    super("E_POINT", `${what}: ${reason}; the sender must encode a non-identity point of the prime-order subgroup in canonical compressed form`);
  }
}

/** A scalar is zero, not below the group order, or not in canonical big-endian form. */
export class ScalarEncodingError extends CryptoError {
  constructor(what: string, reason: string) {
    super("E_SCALAR", `${what}: ${reason}; scalars must be canonical big-endian integers in [1, r-1]`);
  }
}

/** A base-field coordinate is not canonical (≥ p). */
export class FieldEncodingError extends CryptoError {
  constructor(what: string, reason: string) {
    super("E_FIELD", `${what}: ${reason}; every field coordinate must be a big-endian integer below p`);
  }
}

/** Bytes do not encode an element of the pairing target group GT (order-r subgroup of Fp12*). */
export class GtEncodingError extends CryptoError {
  constructor(what: string, reason: string) {
    super("E_GT", `${what}: ${reason}; GT elements must be torus-compressed elements of the order-r subgroup`);
  }
}

/** Authenticated decryption failed: wrong key, wrong associated data or a tampered blob. */
export class AeadError extends CryptoError {
  constructor(reason: string) {
    super("E_AEAD", `blob authentication failed: ${reason}; check that the data key and the record context match the upload`);
  }
}

/** A signature or a proof did not verify. */
export class SignatureError extends CryptoError {
  constructor(what: string, reason: string) {
    super("E_SIGNATURE", `${what}: ${reason}`);
  }
}

/** A decrypted value does not match the commitment the device signed. */
export class KeyCommitmentError extends CryptoError {
  constructor() {
    super("E_KEY_COMMITMENT", "decrypted data key does not match the device's signed key commitment; the PRE ciphertext was replaced or decrypted with the wrong key");
  }
}

/** A caller passed an argument outside its documented domain (programming error, not hostile input). */
export class ArgumentError extends CryptoError {
  constructor(message: string) {
    super("E_ARGUMENT", message);
  }
}
