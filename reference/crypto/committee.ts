// Relay committee proofs: t-of-n secp256k1 ECDSA over a keccak256 digest. Each member signs the
// same digest with a 65-byte recoverable signature, so an EVM contract checks the proof with
// ecrecover alone. Signatures are ordered by strictly increasing signer address, which lets a
// verifier (on or off chain) reject duplicates in one pass without a set.
import { concatBytes } from "@noble/hashes/utils.js";
import { ethRecover, ethSign, ETH_SIGNATURE_BYTES, toChecksumAddress } from "./ethereum-signature.ts";
import { ArgumentError, LengthError, SignatureError } from "./errors.ts";

/** A committee member's signing key and address. */
export interface CommitteeMember {
  sk: Uint8Array;
  address: string;
}

/** A committee proof: member signatures sorted by signer address (ascending). */
export interface CommitteeProof {
  signatures: Uint8Array[];
}

/** Signs `digest` with every given member; the proof lists the signatures in address order. */
export function committeeSign(digest: Uint8Array, members: CommitteeMember[]): CommitteeProof {
  const sorted = [...members].sort((a, b) => compareAddresses(a.address, b.address));
  return { signatures: sorted.map((m) => ethSign(m.sk, digest)) };
}

function compareAddresses(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * True iff at least `threshold` signatures in the proof are valid, come from distinct members of
 * `memberAddresses`, and appear in strictly increasing address order (the rule the contracts enforce).
 */
export function verifyCommitteeProof(digest: Uint8Array, proof: CommitteeProof, memberAddresses: string[], threshold: number): boolean {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > memberAddresses.length) {
    throw new ArgumentError(`committee threshold must be an integer in [1, ${memberAddresses.length}], got ${threshold}`);
  }
  const members = new Set(memberAddresses.map((a) => toChecksumAddress(a)));
  let previous = "";
  let valid = 0;
  for (const sig of proof.signatures) {
    let signer: string;
    try {
      signer = ethRecover(digest, sig);
    } catch (e) {
      if (e instanceof SignatureError || e instanceof LengthError) return false;
      throw e;
    }
    if (!members.has(signer)) return false;
    if (previous && compareAddresses(signer, previous) <= 0) return false;
    previous = signer;
    valid++;
  }
  return valid >= threshold;
}

/** Concatenation of the 65-byte signatures (count = length / 65). */
export function encodeCommitteeProof(proof: CommitteeProof): Uint8Array {
  return concatBytes(...proof.signatures);
}

/** Splits an encoded proof; rejects empty input and lengths that are not a multiple of 65. */
export function decodeCommitteeProof(bytes: Uint8Array): CommitteeProof {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length % ETH_SIGNATURE_BYTES !== 0) {
    throw new LengthError("CommitteeProof", `a non-zero multiple of ${ETH_SIGNATURE_BYTES} bytes`, bytes instanceof Uint8Array ? bytes.length : -1);
  }
  const signatures: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += ETH_SIGNATURE_BYTES) signatures.push(bytes.slice(i, i + ETH_SIGNATURE_BYTES));
  return { signatures };
}
