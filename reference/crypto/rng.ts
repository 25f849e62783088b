// Randomness source injected into every randomised algorithm, so tests and known-answer vectors
// can replay an exact run and the ASA experiment can hand a subverted device its own coins.
import { randomBytes } from "@noble/hashes/utils.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { chacha20 } from "@noble/ciphers/chacha.js";
import { ArgumentError } from "./errors.ts";

/** A source of uniformly random bytes: returns `length` fresh bytes per call. */
export type Rng = (length: number) => Uint8Array;

/** The operating system's CSPRNG (crypto.getRandomValues). */
export const systemRng: Rng = (length) => randomBytes(length);

/** A deterministic RNG (ChaCha20 keystream keyed by SHA-256(seed)) for reproducible vectors and experiments. */
export function seededRng(seed: string | Uint8Array): Rng {
  const seedBytes = typeof seed === "string" ? new TextEncoder().encode(seed) : seed;
  const key = sha256(seedBytes);
  const nonce = new Uint8Array(12);
  // The ChaCha20 block counter is 32 bits; a 64-byte block per step gives 256 GiB before wrap,
  // far beyond any test, but we still refuse to wrap silently.
  let counter = 0;
  let buffer = new Uint8Array(0);
  let offset = 0;
  return (length: number) => {
    if (!Number.isInteger(length) || length < 0) throw new ArgumentError(`seededRng: length must be a non-negative integer, got ${length}`);
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (offset === buffer.length) {
        const blocks = Math.max(1, Math.ceil((length - filled) / 64));
        if (counter + blocks > 0xffffffff) throw new ArgumentError("seededRng: keystream exhausted; use a fresh seed");
        buffer = chacha20(key, nonce, new Uint8Array(blocks * 64), undefined, counter);
        counter += blocks;
        offset = 0;
      }
      const take = Math.min(length - filled, buffer.length - offset);
      out.set(buffer.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
    }
    return out;
  };
}
