// The relay committee's proof: the message digest every member signs, the packed proof format the
// contracts check with ecrecover, and the same check off-chain (for roles and the auditor).
import {
  bytesToHex,
  concatHex,
  encodeAbiParameters,
  hexToBigInt,
  hexToBytes,
  hexToNumber,
  isAddress,
  isHex,
  keccak256,
  size,
  sliceHex,
  stringToBytes,
  type Address,
  type Hex,
  type LocalAccount,
} from "viem";
import { compareAddresses, ethRecover, ethSign } from "../crypto/ethereum-signature.ts";
import type { ChainAdapter, ChainEvent } from "./adapter.ts";
import { LedgerError, MalformedEventError } from "./errors.ts";
import { eventArgs } from "./typed-events.ts";
import { PhrIndexAAbi } from "../contracts/build/abi.ts";

/** A cross-chain message (mirrors the Solidity struct RelayMessage). */
export interface RelayMessage {
  srcChainId: bigint;
  srcContract: Address;
  dstChainId: bigint;
  dstContract: Address;
  /** The source step's audit-entry hash: the event the message carries. */
  srcEntryHash: Hex;
  payload: Hex;
}

/** One member's signature in a proof. */
export interface CommitteeSignature {
  signer: Address;
  /** 65 bytes r || s || v, v in {27, 28}, low s. */
  signature: Hex;
}

/** Domain tag of the relay digest: keccak256("MedExChain/relay/v1"). */
export const RELAY_DOMAIN: Hex = keccak256(stringToBytes("MedExChain/relay/v1"));

/** Bytes per signature in a proof: r (32) || s (32) || v (1). */
export const PROOF_SIGNATURE_BYTES = 65;

const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** Why an off-chain proof check failed: `reason` is the name of the contract error it mirrors. */
export class RelayProofError extends LedgerError {
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super("E_RELAY_PROOF", `relay proof rejected (${reason}): ${detail}; the message must be signed by a threshold of distinct registered committee members`);
  }
}

/** The digest committee members sign: keccak256(abi.encode(domain, src chain, src contract, dst chain, dst contract, src entry, keccak256(payload))). */
export function relayDigest(m: RelayMessage): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "uint256" },
        { type: "address" },
        { type: "uint256" },
        { type: "address" },
        { type: "bytes32" },
        { type: "bytes32" },
      ],
      [RELAY_DOMAIN, m.srcChainId, m.srcContract, m.dstChainId, m.dstContract, m.srcEntryHash, keccak256(m.payload)],
    ),
  );
}

/** A member signs the digest of `m` (raw secp256k1 ECDSA over the 32-byte digest, low-s). */
export async function signRelayMessage(member: LocalAccount, m: RelayMessage): Promise<CommitteeSignature> {
  if (!member.sign) throw new RelayProofError("NoSigningKey", `account ${member.address} cannot sign raw digests`);
  return { signer: member.address, signature: await member.sign({ hash: relayDigest(m) }) };
}

/** Pack signatures into the proof bytes the contracts take: sorted by signer address, ascending. */
export function encodeProof(sigs: readonly CommitteeSignature[]): Hex {
  const sorted = [...sigs].sort((x, y) => compareAddresses(x.signer, y.signer));
  return concatHex(
    sorted.map((s) => {
      if (size(s.signature) !== PROOF_SIGNATURE_BYTES) {
        throw new RelayProofError("InvalidSignature", `signature of ${s.signer} is ${size(s.signature)} bytes, expected ${PROOF_SIGNATURE_BYTES}`);
      }
      return s.signature;
    }),
  );
}

/** Split proof bytes into signatures; throws RelayProofError("MalformedProof") unless the length is a positive multiple of 65. */
export function decodeProof(proof: Hex): Hex[] {
  const len = size(proof);
  if (len === 0 || len % PROOF_SIGNATURE_BYTES !== 0) {
    throw new RelayProofError("MalformedProof", `${len} bytes is not a positive multiple of ${PROOF_SIGNATURE_BYTES}`);
  }
  const out: Hex[] = [];
  for (let o = 0; o < len; o += PROOF_SIGNATURE_BYTES) out.push(sliceHex(proof, o, o + PROOF_SIGNATURE_BYTES));
  return out;
}

/**
 * Check a proof off-chain exactly as RelayCommittee._checkProof does; returns the signers in proof
 * order. Synchronous (noble's ecrecover), so benchmarks time the check itself.
 */
export function checkProof(digest: Hex, proof: Hex, members: readonly Address[], threshold: number): Address[] {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > members.length) {
    throw new RelayProofError("BadThreshold", `threshold ${threshold} is not an integer in [1, ${members.length}] for a committee of ${members.length}`);
  }
  const sigs = decodeProof(proof);
  if (sigs.length < threshold) throw new RelayProofError("InsufficientSignatures", `${sigs.length} signatures, ${threshold} needed`);
  const known = new Set(members.map((m) => m.toLowerCase()));
  const digestBytes = hexToBytes(digest);
  const signers: Address[] = [];
  let previous: Address | undefined;
  for (const [i, signature] of sigs.entries()) {
    const s = hexToBigInt(sliceHex(signature, 32, 64));
    const v = hexToNumber(sliceHex(signature, 64, 65));
    if (s > HALF_N || (v !== 27 && v !== 28)) throw new RelayProofError("InvalidSignature", `signature ${i} is malformed or malleable`);
    let signer: Address;
    try {
      signer = ethRecover(digestBytes, hexToBytes(signature)) as Address;
    } catch {
      throw new RelayProofError("InvalidSignature", `signature ${i} recovers no key`);
    }
    if (!known.has(signer.toLowerCase())) throw new RelayProofError("UnknownSigner", `signature ${i} is by ${signer}, not a committee member (or not over this message)`);
    if (previous !== undefined) {
      const c = compareAddresses(signer, previous);
      if (c === 0) throw new RelayProofError("DuplicateSigner", `${signer} signed twice`);
      if (c < 0) throw new RelayProofError("SignersNotAscending", `${signer} comes after ${previous}`);
    }
    previous = signer;
    signers.push(signer);
  }
  return signers;
}

/** checkProof for callers on an async path (a rejected promise rather than a throw). */
export async function verifyProof(digest: Hex, proof: Hex, members: readonly Address[], threshold: number): Promise<Address[]> {
  return checkProof(digest, proof, members, threshold);
}

/** A member's signature from its raw secp256k1 key (synchronous; what a LocalAccount's sign gives). */
export function signRelayDigest(member: { readonly sk: Uint8Array; readonly address: string }, digest: Hex): CommitteeSignature {
  return { signer: member.address as Address, signature: bytesToHex(ethSign(member.sk, hexToBytes(digest))) };
}

/** The relay message an Outbound event (emitted by PhrIndexA or ExchangeB) asks the committee to carry. */
export function messageFromOutbound(src: ChainAdapter, outbound: ChainEvent): RelayMessage {
  if (outbound.eventName !== "Outbound") throw new RelayProofError("NotOutbound", `event ${outbound.eventName} is not an Outbound message`);
  // PhrIndexA and ExchangeB emit the same Outbound (PeerLink.sol); its argument types are the ABI's.
  const a = eventArgs(PhrIndexAAbi, "Outbound", outbound, src.profile.name);
  // What a node serves is input: a value of the wrong shape would otherwise surface later as an
  // encoding error deep inside the committee's signing, naming neither the chain nor the event.
  const bad = (detail: string) => new MalformedEventError(src.profile.name, "Outbound", detail);
  if (!isAddress(outbound.address, { strict: false })) throw bad(`its emitting contract ${String(outbound.address)} is not a 20-byte address`);
  if (!isAddress(a.dstContract, { strict: false })) throw bad(`its destination contract ${String(a.dstContract)} is not a 20-byte address`);
  if (!isHex(a.srcEntryHash) || size(a.srcEntryHash) !== 32) throw bad(`its entry hash ${String(a.srcEntryHash)} is not 32 bytes`);
  if (typeof a.dstChainId !== "bigint" || a.dstChainId <= 0n) throw bad(`its destination chain id ${String(a.dstChainId)} is not a positive integer`);
  if (!isHex(a.payload)) throw bad("its payload is not hex bytes");
  return {
    srcChainId: BigInt(src.profile.chainId),
    srcContract: outbound.address,
    dstChainId: a.dstChainId,
    dstContract: a.dstContract,
    srcEntryHash: a.srcEntryHash,
    payload: a.payload,
  };
}

/** The packed proof by members holding raw keys (synchronous: fuzzing and benchmarks sign with it). */
export function committeeProofFromKeys(members: ReadonlyArray<{ readonly sk: Uint8Array; readonly address: string }>, digest: Hex): Hex {
  return encodeProof(members.map((k) => signRelayDigest(k, digest)));
}

/** Have `members` sign `m` and pack their signatures (encodeProof sorts them as the contracts require). */
export async function committeeProof(members: readonly LocalAccount[], m: RelayMessage): Promise<Hex> {
  return encodeProof(await Promise.all(members.map((k) => signRelayMessage(k, m))));
}

/** Domain tag of the re-encryption digest: keccak256("MedExChain/reencryption/v1") (PhrIndexA.REENCRYPTION_DOMAIN). */
export const REENCRYPTION_DOMAIN: Hex = keccak256(stringToBytes("MedExChain/reencryption/v1"));

/** A re-encryption as the committee vouches for it: the request on chain A, the grant's key, the anchored ciphertext and the result. */
export interface ReEncryptionClaim {
  chainId: bigint;
  phrIndex: Address;
  requestId: Hex;
  reKey: Hex;
  ciphertext: Hex;
  reCiphertext: Hex;
}

/** What each member signs for a re-encryption (mirrors PhrIndexA.reEncryptionDigest, which fills in the key and ciphertext hashes from its own state). */
export function reEncryptionDigest(c: ReEncryptionClaim): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "uint256" }, { type: "address" }, { type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }],
      [REENCRYPTION_DOMAIN, c.chainId, c.phrIndex, c.requestId, keccak256(c.reKey), keccak256(c.ciphertext), keccak256(c.reCiphertext)],
    ),
  );
}

/** Have `members` sign a re-encryption claim as it stands, unchecked (tests and attack scenarios: colluding members). */
export async function reEncryptionProof(members: readonly LocalAccount[], c: ReEncryptionClaim): Promise<Hex> {
  const hash = reEncryptionDigest(c);
  return encodeProof(
    await Promise.all(
      members.map(async (k) => {
        if (!k.sign) throw new RelayProofError("NoSigningKey", `account ${k.address} cannot sign raw digests`);
        return { signer: k.address, signature: await k.sign({ hash }) };
      }),
    ),
  );
}
