// Every decoder of untrusted bytes: the cryptography's, the wire codec's (one target per spec
// message), the cross-chain payloads', the relay proof's and the CIDs'. Property: a malformed input
// ends in a typed error, or — for a canonical encoding — decodes to a value that re-encodes to
// exactly the input (so no mutated input is accepted as something else). The AEAD never opens a
// mutated blob.
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { equalBytes } from "@noble/curves/utils.js";
import * as C from "../../reference/crypto/index.ts";
import { share, upload } from "../../protocol/specs/medexchain.ts";
import { decodeMessage, encodeMessage, peekLabel } from "../../reference/wire/codec.ts";
import { wireFields } from "../../reference/wire/fields.ts";
import { sizeOf } from "../../reference/semantics/sizes.ts";
import { decodeDeliveryMessage, decodeRequestMessage, encodeDeliveryMessage, encodeRequestMessage } from "../../reference/chains/messages.ts";
import { committeeProofFromKeys, decodeProof } from "../../reference/chains/relay-proof.ts";
import { cidFromBytes, cidOf, cidToBytes, parseCid } from "../../reference/storage/cid.ts";
import { malformed } from "./byte-mutations.ts";
import { describeError, isTypedError } from "./typed-errors.ts";
import { FuzzViolation, propertyTarget, type FuzzTarget } from "./target.ts";

/** A decoder under test: valid encodings to mutate, the decoder, and (for canonical encodings) its inverse. */
interface Decoder {
  name: string;
  seeds: () => Uint8Array[];
  decode: (b: Uint8Array) => unknown;
  encode?: (v: never) => Uint8Array;
  /** Largest wholly random input to try. */
  maxRandom?: number;
}

/** The property every decoder must have. */
export function decodeProperty(d: Pick<Decoder, "decode" | "encode">): (b: Uint8Array) => string {
  return (b) => {
    let v: unknown;
    try {
      v = d.decode(b);
    } catch (e) {
      if (!isTypedError(e)) throw new FuzzViolation(`crashed with an untyped error: ${describeError(e)}`);
      return (e as { code: string }).code;
    }
    if (d.encode) {
      let again: Uint8Array;
      try {
        again = (d.encode as (x: unknown) => Uint8Array)(v);
      } catch (e) {
        throw new FuzzViolation(`decoded a value its encoder rejects: ${describeError(e)}`);
      }
      if (!equalBytes(again, b)) throw new FuzzViolation(`accepted a non-canonical encoding: it decodes to a value that re-encodes to 0x${Buffer.from(again).toString("hex").slice(0, 80)}…`);
    }
    return "accepted";
  };
}

/** Deterministic key material for the seeds. */
function material() {
  const rng = C.seededRng("MedExChain/fuzz/seeds/v1");
  const owner = C.preKeyGen(rng);
  const delegatee = C.preKeyGen(rng);
  const dev = C.deviceKeyGen(rng);
  const ed = C.edKeyGen(rng);
  const eth = [C.ethKeyGen(rng), C.ethKeyGen(rng)];
  const { ct, m } = C.preEncrypt(owner.pk, undefined, rng);
  const rk = C.preReKey(owner.sk, C.encodePrePublicKey(delegatee.pk));
  return { rng, owner, delegatee, dev, ed, eth, ct, m, rk, first: C.preReEncrypt(rk, ct) };
}
let cachedMaterial: ReturnType<typeof material> | undefined;
const mat = () => (cachedMaterial ??= material());
const digest = (i: number) => C.keccak256(new TextEncoder().encode(`fuzz digest ${i}`));

const hexOf = (b: Uint8Array): Hex => bytesToHex(b);

const CRYPTO: Decoder[] = [
  { name: "crypto: G1 point", seeds: () => [C.encodeG1(mat().ct.c1), C.encodeG1(C.g1)], decode: (b) => C.decodeG1(b), encode: C.encodeG1 as (v: never) => Uint8Array },
  { name: "crypto: G2 point", seeds: () => [C.encodeG2(mat().rk.rk), C.encodeG2(C.g2)], decode: (b) => C.decodeG2(b), encode: C.encodeG2 as (v: never) => Uint8Array },
  { name: "crypto: GT element", seeds: () => [C.encodeGt(mat().m)], decode: (b) => C.decodeGt(b), encode: C.encodeGt as (v: never) => Uint8Array },
  { name: "crypto: scalar", seeds: () => [C.encodeScalar(12345n), C.encodeScalar(C.R_ORDER - 1n)], decode: (b) => C.decodeScalar(b), encode: C.encodeScalar as (v: never) => Uint8Array },
  { name: "crypto: PRE secret key", seeds: () => [C.encodePreSecretKey(mat().owner.sk)], decode: C.decodePreSecretKey, encode: C.encodePreSecretKey as (v: never) => Uint8Array },
  { name: "crypto: PRE public key", seeds: () => [C.encodePrePublicKey(mat().owner.pk)], decode: C.decodePrePublicKey, encode: C.encodePrePublicKey as (v: never) => Uint8Array },
  { name: "crypto: delegatee key", seeds: () => [C.encodeG2(C.decodeDelegateeKey(C.encodePrePublicKey(mat().delegatee.pk)))], decode: C.decodeDelegateeKey, encode: C.encodeG2 as (v: never) => Uint8Array },
  { name: "crypto: second-level ciphertext", seeds: () => [C.encodeSecondLevelCiphertext(mat().ct)], decode: C.decodeSecondLevelCiphertext, encode: C.encodeSecondLevelCiphertext as (v: never) => Uint8Array },
  { name: "crypto: first-level ciphertext", seeds: () => [C.encodeFirstLevelCiphertext(mat().first)], decode: C.decodeFirstLevelCiphertext, encode: C.encodeFirstLevelCiphertext as (v: never) => Uint8Array },
  { name: "crypto: re-encryption key", seeds: () => [C.encodeReKey(mat().rk)], decode: C.decodeReKey, encode: C.encodeReKey as (v: never) => Uint8Array },
  { name: "crypto: device signature", seeds: () => [C.encodeDeviceSignature(C.deviceSign(mat().dev.sk, digest(1)))], decode: C.decodeDeviceSignature, encode: C.encodeDeviceSignature as (v: never) => Uint8Array },
  { name: "crypto: device public key", seeds: () => [C.encodeDevicePublicKey(mat().dev.pk)], decode: C.decodeDevicePublicKey, encode: C.encodeDevicePublicKey as (v: never) => Uint8Array },
  { name: "crypto: device secret key", seeds: () => [C.encodeDeviceSecretKey(mat().dev.sk)], decode: C.decodeDeviceSecretKey, encode: C.encodeDeviceSecretKey as (v: never) => Uint8Array },
  { name: "crypto: Ed25519 public key", seeds: () => [mat().ed.pk], decode: C.decodeEd25519PublicKey, encode: ((v: Uint8Array) => v) as (v: never) => Uint8Array },
  { name: "crypto: Ed25519 signature", seeds: () => [C.edSign(mat().ed.sk, digest(2))], decode: C.decodeEd25519Signature, encode: ((v: Uint8Array) => v) as (v: never) => Uint8Array },
  { name: "crypto: secp256k1 signature", seeds: () => [C.ethSign(mat().eth[0]!.sk, digest(3))], decode: C.decodeEthSignature, encode: C.encodeEthSignature as (v: never) => Uint8Array },
  {
    name: "crypto: PRE possession proof",
    seeds: () => [C.encodePossessionProof(C.provePossession(mat().owner.sk, mat().owner.pk, digest(5), mat().rng))],
    decode: C.decodePossessionProof,
    encode: C.encodePossessionProof as (v: never) => Uint8Array,
  },
];

const AEAD_KEY = new Uint8Array(32).fill(9);
const AEAD_AD = new TextEncoder().encode("MedExChain/v1/phr-blob");

/** The AEAD: a mutated blob never opens (it is never "accepted" as anything). */
const aeadTarget = propertyTarget(
  "crypto: AEAD blob",
  "decoder",
  () => malformed([C.sealBlob(AEAD_KEY, new TextEncoder().encode("a PHR"), AEAD_AD), C.sealBlob(AEAD_KEY, new Uint8Array(0), AEAD_AD)], 256),
  (b) => {
    try {
      C.openBlob(AEAD_KEY, b, AEAD_AD);
    } catch (e) {
      if (!isTypedError(e)) throw new FuzzViolation(`crashed with an untyped error: ${describeError(e)}`);
      return (e as { code: string }).code;
    }
    throw new FuzzViolation("a mutated blob opened");
  },
);

/** Valid wire messages: every field filled with bytes of the size the implementation registers (random length where it varies). */
function wireSeeds(label: string): Uint8Array[] {
  const m = [...upload.messages, ...share.messages].find((x) => x.label === label)!;
  const rng = C.seededRng(`MedExChain/fuzz/wire/${label}`);
  return [0, 1].map((i) => encodeMessage(m, Object.fromEntries(wireFields(m).map((f) => [f.name, rng(sizeOf(f.term) ?? 1 + ((i * 37 + f.name.length * 11) % 120))])), sizeOf));
}

const WIRE: Decoder[] = [...upload.messages, ...share.messages].map((m) => ({
  name: `wire: ${m.label}`,
  seeds: () => wireSeeds(m.label),
  decode: (b: Uint8Array) => decodeMessage(m, b, sizeOf),
  encode: ((f: Record<string, Uint8Array>) => encodeMessage(m, f, sizeOf)) as (v: never) => Uint8Array,
  maxRandom: 2048,
}));

const PEEK: Decoder = { name: "wire: label peek", seeds: () => wireSeeds("rq1"), decode: peekLabel };

function payloadSeeds(kind: "request" | "delivery"): Uint8Array[] {
  const rng = C.seededRng(`MedExChain/fuzz/payload/${kind}`);
  const h = (n: number) => hexOf(rng(n));
  if (kind === "request")
    return [hexToBytes(encodeRequestMessage({ requestId: h(32), recordId: h(32), patient: h(20), nonce: h(32), timestamp: 1_700_000_000n, requester: h(20), requesterKey: h(32), requesterPreKey: h(384), requesterSig: h(64) }))];
  return [0, 1].map((i) =>
    hexToBytes(encodeDeliveryMessage({ requestId: h(32), recordId: h(32), outcome: 1 + i, patient: h(20), nonce: h(32), cid: h(36), blobHash: h(32), reCiphertext: i === 0 ? h(576) : "0x", reKeyHash: h(32), patientSig: h(65) })),
  );
}

const CHAIN: Decoder[] = [
  { name: "chains: RequestMessage payload", seeds: () => payloadSeeds("request"), decode: (b) => decodeRequestMessage(hexOf(b)), encode: ((v: Parameters<typeof encodeRequestMessage>[0]) => hexToBytes(encodeRequestMessage(v))) as (v: never) => Uint8Array },
  { name: "chains: DeliveryMessage payload", seeds: () => payloadSeeds("delivery"), decode: (b) => decodeDeliveryMessage(hexOf(b)), encode: ((v: Parameters<typeof encodeDeliveryMessage>[0]) => hexToBytes(encodeDeliveryMessage(v))) as (v: never) => Uint8Array },
  {
    name: "chains: relay proof",
    seeds: () => [hexToBytes(committeeProofFromKeys(mat().eth, bytesToHex(digest(6))))],
    decode: (b) => decodeProof(hexOf(b)),
    encode: ((sigs: Hex[]) => hexToBytes(`0x${sigs.map((s) => s.slice(2)).join("")}`)) as (v: never) => Uint8Array,
  },
  { name: "storage: binary CID", seeds: () => [cidToBytes(cidOf(new TextEncoder().encode("blob")))], decode: cidFromBytes, encode: ((c: ReturnType<typeof cidFromBytes>) => c.bytes) as (v: never) => Uint8Array },
  {
    name: "storage: CID string",
    seeds: () => [new TextEncoder().encode(cidOf(new TextEncoder().encode("blob")).toString())],
    decode: (b) => parseCid(new TextDecoder().decode(b)),
    encode: ((c: ReturnType<typeof parseCid>) => new TextEncoder().encode(c.toString())) as (v: never) => Uint8Array,
  },
];

/** The decoder targets. */
export function decoderTargets(): FuzzTarget[] {
  const all = [...CRYPTO, ...WIRE, PEEK, ...CHAIN].map((d) => propertyTarget(d.name, "decoder", () => malformed(d.seeds(), d.maxRandom ?? 1024), decodeProperty(d)));
  return [...all, aeadTarget];
}

