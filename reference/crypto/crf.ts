// The cryptographic reverse firewall in front of the device (Mironov–Stephens-Davidowitz 2015).
// It re-randomises every PRE ciphertext the device emits, multiplying in a fresh encryption of 1:
//   (c1, c2) ↦ (c1·g1^s, c2·(Z^a1)^s)     with s uniform in Z_r,
// so the output is (g1^(r+s), m·Z^(a1(r+s))): a fresh encryption of the same m whose randomness
// r+s is uniform whatever r the device chose. The device's other output, its BLS signature, is
// unique, so the firewall verifies it and forwards it unchanged; the AEAD nonce is a constant.
import { g1, R_ORDER, type G1Point, type G2Point } from "./bls12.ts";
import { g2Mul } from "./endomorphism-mul.ts";
import { gtMul } from "./gt.ts";
import { preEncryptorFor, type PreEncryptor, type PrePublicKey, type SecondLevelCiphertext } from "./pre.ts";
import { randomExponent, randomScalar } from "./scalar.ts";
import { systemRng, type Rng } from "./rng.ts";
import { decodeSecondLevelCiphertext, encodeSecondLevelCiphertext } from "./pre-encoding.ts";
import { decodeDeviceSignature, deviceVerify } from "./device-signature.ts";
import { SignatureError } from "./errors.ts";

/**
 * Re-randomises a second-level ciphertext for pk. The exponent s is uniform in [0, r−1] and is
 * redrawn in the probability-1/r event r+s ≡ 0, so r+s is exactly uniform on [1, r−1]: the same
 * distribution as a fresh encryption's randomness.
 */
export function rerandomise(ct: SecondLevelCiphertext, pk: PrePublicKey | PreEncryptor, rng: Rng = systemRng): SecondLevelCiphertext {
  const enc = "encryptWith" in pk ? pk : preEncryptorFor(pk);
  for (;;) {
    const s = randomExponent(rng);
    const c1 = s === 0n ? ct.c1 : ct.c1.add(g1.multiply(s));
    if (c1.is0()) continue;
    return { level: 2, c1, c2: s === 0n ? ct.c2 : gtMul(ct.c2, enc.maskPower(s)) };
  }
}

/** What the device hands the firewall: a PRE ciphertext and its BLS signature over an upload statement. */
export interface DeviceUpload {
  ciphertext: SecondLevelCiphertext;
  /** The signed upload statement (record context, CID, blob hash, key commitment, …): fixed by the protocol. */
  statement: Uint8Array;
  signature: G1Point;
}

/** The same upload in wire form. */
export interface EncodedDeviceUpload {
  ciphertext: Uint8Array;
  statement: Uint8Array;
  signature: Uint8Array;
}

/** A firewall for one device uploading to one patient. */
export class ReverseFirewall {
  readonly ownerPk: PrePublicKey;
  readonly devicePk: G2Point;
  private readonly encryptor: PreEncryptor;

  /** Builds the owner's fixed-base table once (the firewall re-randomises every upload to that owner). */
  constructor(ownerPk: PrePublicKey, devicePk: G2Point) {
    this.ownerPk = ownerPk;
    this.devicePk = devicePk;
    this.encryptor = preEncryptorFor(ownerPk);
  }

  /** Verifies the unique signature (throws SignatureError if invalid), re-randomises the ciphertext, forwards the rest. */
  filter(upload: DeviceUpload, rng: Rng = systemRng): DeviceUpload {
    if (!deviceVerify(this.devicePk, upload.statement, upload.signature)) {
      throw new SignatureError("ReverseFirewall", "device signature does not verify; the upload is dropped (an invalid signature could carry a covert channel)");
    }
    return { ciphertext: rerandomise(upload.ciphertext, this.encryptor, rng), statement: upload.statement, signature: upload.signature };
  }

  /** filter() on wire bytes: strict decoding first, so malformed uploads are refused with typed errors. */
  filterEncoded(upload: EncodedDeviceUpload, rng: Rng = systemRng): EncodedDeviceUpload {
    const out = this.filter(
      {
        ciphertext: decodeSecondLevelCiphertext(upload.ciphertext),
        statement: upload.statement,
        signature: decodeDeviceSignature(upload.signature),
      },
      rng,
    );
    return { ciphertext: encodeSecondLevelCiphertext(out.ciphertext), statement: out.statement, signature: upload.signature };
  }
}

/**
 * Firewall for the device's key generation: the key that gets registered is pk^δ for a δ the
 * firewall draws, and the device's signing key becomes sk·δ. Whatever public key a subverted device
 * chose to encode a message in, the registered key is uniform; δ goes back to the device only.
 */
export function rerandomiseDeviceKey(devicePk: G2Point, rng: Rng = systemRng): { pk: G2Point; delta: bigint } {
  const delta = randomScalar(rng);
  return { pk: g2Mul(devicePk, delta), delta };
}

/** The device's side of rerandomiseDeviceKey: its new secret key sk·δ mod r. */
export function applyDeviceKeyShare(sk: bigint, delta: bigint): bigint {
  return (sk * delta) % R_ORDER;
}
