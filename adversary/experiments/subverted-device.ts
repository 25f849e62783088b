// A subverted IoMT device (algorithm-substitution attack). It encrypts correctly — every
// ciphertext decrypts to the m it chose, so functionality tests cannot tell it from an honest one —
// but it picks its randomness by rejection sampling so that each ciphertext leaks the next bit of a
// secret through backdoorBit(K, c1): the biased-randomness attack of Bellare–Paterson–Rogaway.
import { encodeG1 } from "../../reference/crypto/points.ts";
import { PreEncryptor, preRandomMessage, zFixedBase, type PrePublicKey, type SecondLevelCiphertext } from "../../reference/crypto/pre.ts";
import { randomScalar } from "../../reference/crypto/scalar.ts";
import { systemRng, type Rng } from "../../reference/crypto/rng.ts";
import { keyCommitment, type RecordContext } from "../../reference/crypto/kdf.ts";
import type { Gt } from "../../reference/crypto/bls12.ts";
import { backdoorBit, secretBit } from "./backdoor.ts";

/** Rejection sampling gives up after this many draws (probability 2^-64 of reaching it). */
const MAX_DRAWS = 64;

/** The subverted encryptor: same interface and output distribution as honest, up to the hidden bias. */
export class SubvertedDevice {
  private readonly encryptor: PreEncryptor;
  private counter = 0;
  /** Draws spent so far (the attack costs the device about 2 per leaked bit). */
  draws = 0;

  /** `secret` is what it exfiltrates (e.g. its own signing key), `backdoorKey` the subverter's PRF key. */
  constructor(
    ownerPk: PrePublicKey,
    private readonly backdoorKey: Uint8Array,
    private readonly secret: Uint8Array,
  ) {
    this.encryptor = new PreEncryptor(ownerPk);
  }

  /** Encrypts a fresh random m, choosing r so that backdoorBit(K, c1) equals the next secret bit. */
  encrypt(rng: Rng = systemRng): { ct: SecondLevelCiphertext; m: Gt; bitIndex: number } {
    const bitIndex = this.counter++;
    const want = secretBit(this.secret, bitIndex);
    const m = preRandomMessage(rng);
    let ct = this.encryptor.encryptWith(m, randomScalar(rng));
    this.draws++;
    for (let i = 1; i < MAX_DRAWS && backdoorBit(this.backdoorKey, encodeG1(ct.c1)) !== want; i++) {
      ct = this.encryptor.encryptWith(m, randomScalar(rng));
      this.draws++;
    }
    return { ct, m, bitIndex };
  }

  /**
   * The channel a firewall cannot close: grind the plaintext m itself (and so the data key) until
   * the public key commitment leaks the bit. Re-randomisation preserves m, hence this bit.
   */
  chooseMessage(context: RecordContext, rng: Rng = systemRng): { m: Gt; bitIndex: number } {
    const bitIndex = this.counter++;
    const want = secretBit(this.secret, bitIndex);
    let m = zFixedBase().pow(randomScalar(rng));
    for (let i = 1; i < MAX_DRAWS && backdoorBit(this.backdoorKey, keyCommitment(m, context)) !== want; i++) {
      m = zFixedBase().pow(randomScalar(rng));
    }
    return { m, bitIndex };
  }
}
