// Proxy re-encryption: the second scheme of Ateniese–Fu–Green–Hohenberger (NDSS 2005 / TISSEC
// 2006), moved to the asymmetric pairing e: G1 × G2 → GT of BLS12-381.
//
//   params   g1, g2, Z = e(g1, g2)
//   keys     sk = (a1, a2),  pk = (Z^a1 ∈ GT, g2^a2 ∈ G2)
//   encrypt  (second level, re-encryptable; no pairing) c = (g1^r, m·Z^(a1·r))
//   re-key   rk_{A→B} = (g2^b2)^a1 ∈ G2                 (needs only B's public G2 part)
//   re-enc   (e(g1^r, rk), m·Z^(a1·r)) = (Z^(a1·b2·r), m·Z^(a1·r))   (first level)
//   dec2     m = c2 / e(c1, g2)^a1 = c2 / e(c1^a1, g2)
//   dec1     m = c2 / c1'^(1/b2)
//
// The plaintext m is a random element of GT; the data key is derived from it (kdf.ts).
import { g1, g2, gtGenerator, pairing, type G1Point, type G2Point, type Gt } from "./bls12.ts";
import { GtFixedBase } from "./gt-table.ts";
import { gtDiv, gtMul } from "./gt.ts";
import { g1Mul } from "./endomorphism-mul.ts";
import { invertScalar, randomScalar } from "./scalar.ts";
import { systemRng, type Rng } from "./rng.ts";
import { PointEncodingError } from "./errors.ts";
import { decodeDelegateeKey } from "./pre-encoding.ts";
import { pairingBackend } from "./backend.ts";

/** Public parameters (fixed by the curve; returned for explicitness). */
export interface PreParams {
  g1: G1Point;
  g2: G2Point;
  Z: Gt;
}

/** PRE secret key (a1, a2) ∈ (Z_r*)². a1 protects second-level ciphertexts, a2 first-level ones. */
export interface PreSecretKey {
  a1: bigint;
  a2: bigint;
}

/** PRE public key (Z^a1, g2^a2). Encryptors use z1; delegators use g2a2 to make re-keys. */
export interface PrePublicKey {
  z1: Gt;
  g2a2: G2Point;
}

/** A PRE key pair. */
export interface PreKeyPair {
  sk: PreSecretKey;
  pk: PrePublicKey;
}

/** Second-level (re-encryptable) ciphertext (g1^r, m·Z^(a1·r)), made by the device. */
export interface SecondLevelCiphertext {
  level: 2;
  c1: G1Point;
  c2: Gt;
}

/** First-level ciphertext (Z^(a1·b2·r), m·Z^(a1·r)), made by the proxy; not re-encryptable (single hop). */
export interface FirstLevelCiphertext {
  level: 1;
  c1: Gt;
  c2: Gt;
}

/** Pre-fix re-encryption key rk_{A→B} = g2^(a1·b2): one per (owner, delegatee), for every record (see pre-grant.ts). */
export interface ReKey {
  rk: G2Point;
}

/** The public parameters g1, g2, Z = e(g1, g2). */
export function preSetup(): PreParams {
  return { g1, g2, Z: gtGenerator() };
}

let zTable: GtFixedBase | undefined;
/** The shared fixed-base table for Z (built on first use, ~0.2 s, then reused by every party). */
export function zFixedBase(): GtFixedBase {
  zTable ??= new GtFixedBase(gtGenerator());
  return zTable;
}

/** Fresh PRE key pair with independent a1, a2. */
export function preKeyGen(rng: Rng = systemRng): PreKeyPair {
  const a1 = randomScalar(rng);
  const a2 = randomScalar(rng);
  return { sk: { a1, a2 }, pk: preDerivePublicKey({ a1, a2 }) };
}

/** The public key of a secret key. */
export function preDerivePublicKey(sk: PreSecretKey): PrePublicKey {
  return { z1: zFixedBase().pow(sk.a1), g2a2: g2.multiply(sk.a2) };
}

/** A uniformly random plaintext m = Z^t ∈ GT (the device's per-blob key material). */
export function preRandomMessage(rng: Rng = systemRng): Gt {
  return zFixedBase().pow(randomScalar(rng));
}

/**
 * An encryptor bound to one recipient key: it keeps a fixed-base table for Z^a1, so each
 * encryption costs one fixed-base G1 multiplication and two fixed-base GT exponentiations, no pairing.
 */
export class PreEncryptor {
  readonly pk: PrePublicKey;
  private readonly z1Table: GtFixedBase;

  /** Builds the recipient's table (~0.2 s at the default 8-bit window, amortised over all uploads). */
  constructor(pk: PrePublicKey, windowBits = 8) {
    this.pk = pk;
    this.z1Table = new GtFixedBase(pk.z1, windowBits);
  }

  private readonly pool: { c1: G1Point; mask: Gt; m: Gt }[] = [];

  /**
   * Offline phase (online/offline encryption): precomputes `count` independent triples
   * (g1^r, z1^r, m) while the device is idle between samples; each is used once, by encrypt().
   */
  precompute(count: number, rng: Rng = systemRng): void {
    for (let i = 0; i < count; i++) {
      const m = preRandomMessage(rng);
      const r = randomScalar(rng);
      this.pool.push({ c1: g1.multiply(r), mask: this.z1Table.pow(r), m });
    }
  }

  /** Precomputed triples not yet used. */
  get pooled(): number {
    return this.pool.length;
  }

  /**
   * Encrypts m (a fresh random one if omitted). Uses a precomputed triple when one is left (then the
   * online cost is one GT product); otherwise consumes randomness t (if m is omitted), then r.
   */
  encrypt(m?: Gt, rng: Rng = systemRng): { ct: SecondLevelCiphertext; m: Gt } {
    const pre = this.pool.shift();
    if (pre) {
      const msg = m ?? pre.m;
      return { ct: { level: 2, c1: pre.c1, c2: gtMul(msg, pre.mask) }, m: msg };
    }
    const msg = m ?? preRandomMessage(rng);
    const r = randomScalar(rng);
    return { ct: this.encryptWith(msg, r), m: msg };
  }

  /** Encryption with caller-chosen randomness r (used by the firewall and by the ASA experiment). */
  encryptWith(m: Gt, r: bigint): SecondLevelCiphertext {
    return { level: 2, c1: g1.multiply(r), c2: gtMul(m, this.z1Table.pow(r)) };
  }

  /** z1^s from the table (the firewall's re-randomisation factor). */
  maskPower(s: bigint): Gt {
    return this.z1Table.pow(s);
  }
}

const encryptors = new WeakMap<PrePublicKey, PreEncryptor>();
/** The cached encryptor for a public key object (built on first use). */
export function preEncryptorFor(pk: PrePublicKey): PreEncryptor {
  let e = encryptors.get(pk);
  if (!e) {
    e = new PreEncryptor(pk);
    encryptors.set(pk, e);
  }
  return e;
}

/** Second-level encryption of m (or of a fresh random m) to pk; returns the ciphertext and m. */
export function preEncrypt(pk: PrePublicKey, m?: Gt, rng: Rng = systemRng): { ct: SecondLevelCiphertext; m: Gt } {
  return preEncryptorFor(pk).encrypt(m, rng);
}

/**
 * Pre-fix construction (kept to demonstrate the attack it allows; the protocol uses preGrantKey).
 * Re-encryption key rk = (g2^b2)^a1 from the owner's secret to a delegatee, given the delegatee's G2
 * component or its encoded key as certified on another chain (384-byte public key or 96-byte G2 part,
 * strictly decoded).
 */
export function preReKey(skOwner: PreSecretKey, delegatee: G2Point | Uint8Array): ReKey {
  const delegateeG2 = delegatee instanceof Uint8Array ? decodeDelegateeKey(delegatee) : delegatee;
  if (delegateeG2.is0()) throw new PointEncodingError("delegatee key", "the point at infinity cannot be a delegation target");
  return { rk: pairingBackend().g2Mul(delegateeG2, skOwner.a1) };
}

/** Re-encryption at the proxy: one pairing, e(c1, rk); c2 passes through unchanged. */
export function preReEncrypt(rk: ReKey, ct: SecondLevelCiphertext): FirstLevelCiphertext {
  return { level: 1, c1: pairingBackend().pairing(ct.c1, rk.rk), c2: ct.c2 };
}

/** Second-level decryption by the owner: m = c2 / e(c1^a1, g2). */
export function preDecrypt2(sk: PreSecretKey, ct: SecondLevelCiphertext): Gt {
  return gtDiv(ct.c2, pairingBackend().pairing(g1Mul(ct.c1, sk.a1), g2));
}

/** First-level decryption by the delegatee: m = c2 / c1^(1/a2). */
export function preDecrypt1(sk: PreSecretKey, ct: FirstLevelCiphertext): Gt {
  return gtDiv(ct.c2, pairingBackend().gtPow(ct.c1, invertScalar(sk.a2)));
}

/**
 * The pre-fix key extraction (issue 15): a delegatee holding rk = g2^(a1·b2) and its own b2 computes
 * rk^(1/b2) = g2^a1, the owner's second-level decryption capability for every ciphertext.
 */
export function preExtractCapability(rk: ReKey, skDelegatee: PreSecretKey): G2Point {
  return pairingBackend().g2Mul(rk.rk, invertScalar(skDelegatee.a2));
}

/** Second-level decryption with an extracted capability cap = g2^a1: m = c2 / e(c1, cap). */
export function preDecryptWithCapability(cap: G2Point, ct: SecondLevelCiphertext): Gt {
  return gtDiv(ct.c2, pairingBackend().pairing(ct.c1, cap));
}
