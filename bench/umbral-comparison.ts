// Our PRE against NuCypher's Umbral (`@nucypher/umbral-pre`, Rust compiled to WebAssembly, secp256k1,
// threshold 1-of-1), side by side in the same process and moment. Both are measured as KEM + DEM on the
// same plaintext, so each "encrypt" includes the symmetric encryption of that plaintext and each
// "decrypt" its opening. Umbral is GPL-3.0: only this benchmark imports it, never the library.
import * as U from "@nucypher/umbral-pre";
import { equalBytes } from "@noble/curves/utils.js";
import * as C from "../reference/crypto/index.ts";
import { BenchmarkError } from "./errors.ts";
import { op, sampleInterleaved, type Sampled, type SamplingPlan, type TimedOp } from "./sampling.ts";

type Op = "encrypt" | "rekey" | "reencrypt" | "decrypt";

/** The four PRE operations of one scheme, with its object sizes. */
export interface PreSideResult {
  scheme: string;
  curve: string;
  encrypt: Sampled;
  rekey: Sampled;
  reencrypt: Sampled;
  decrypt: Sampled;
  /** Encoded sizes in bytes: the re-encryptable ciphertext header, the re-encrypted one, the re-key. */
  bytes: { ciphertextHeader: number; reencrypted: number; rekey: number; dataOverhead: number };
}

/** Both schemes and the ratios ours / Umbral (below 1: ours faster or smaller). */
export interface UmbralComparison {
  plaintextBytes: number;
  ours: PreSideResult;
  umbral: PreSideResult & { verifyCfrag: Sampled };
  /** ours ÷ Umbral, by median CPU time */
  ratios: { encrypt: number; rekey: number; reencrypt: number; decrypt: number };
  notes: string[];
}

const AD = new TextEncoder().encode("MedExChain/bench/umbral-comparison");
const CONTEXT = { patient: "bench", record: "umbral-comparison", device: "bench" };

/** Our four operations as timed ops, with the object sizes. */
function oursSide(plaintext: Uint8Array): { ops: Record<Op, TimedOp>; side: Omit<PreSideResult, Op> } {
  const rng = C.seededRng("MedExChain/bench/ours-vs-umbral");
  const owner = C.preKeyGen(rng);
  const recipient = C.preKeyGen(rng);
  const encryptor = C.preEncryptorFor(owner.pk);
  const encrypt = () => {
    const { ct, m } = encryptor.encrypt(undefined, rng);
    return { ct, blob: C.sealBlob(C.dataKeyFrom(m, CONTEXT), plaintext, AD) };
  };
  const rk = C.preReKey(owner.sk, recipient.pk.g2a2);
  const decrypt = (ct1: C.FirstLevelCiphertext, blob: Uint8Array) => C.openBlob(C.dataKeyFrom(C.preDecrypt1(recipient.sk, ct1), CONTEXT), blob, AD);
  const probe = encrypt();
  if (!equalBytes(decrypt(C.preReEncrypt(rk, probe.ct), probe.blob), plaintext)) throw new BenchmarkError("our PRE did not round-trip in the comparison set-up");
  return {
    ops: {
      encrypt: op(encrypt),
      rekey: op(() => C.preReKey(owner.sk, recipient.pk.g2a2)),
      reencrypt: op((ct: C.SecondLevelCiphertext) => C.preReEncrypt(rk, ct), () => encryptor.encrypt(undefined, rng).ct),
      decrypt: op(
        ([ct1, blob]: readonly [C.FirstLevelCiphertext, Uint8Array]) => decrypt(ct1, blob),
        () => {
          const e = encrypt();
          return [C.preReEncrypt(rk, e.ct), e.blob] as const;
        },
      ),
    },
    side: {
      scheme: "MedExChain PRE (AFGH, asymmetric pairing) + HKDF + ChaCha20-Poly1305",
      curve: "BLS12-381",
      bytes: {
        ciphertextHeader: C.encodeSecondLevelCiphertext(probe.ct).length,
        reencrypted: C.encodeFirstLevelCiphertext(C.preReEncrypt(rk, probe.ct)).length,
        rekey: C.encodeReKey(rk).length,
        dataOverhead: probe.blob.length - plaintext.length,
      },
    },
  };
}

/** Umbral's four operations (and cfrag verification) as timed ops, with the object sizes. */
function umbralSide(plaintext: Uint8Array): { ops: Record<Op | "verifyCfrag", TimedOp>; side: Omit<PreSideResult, Op> } {
  const owner = U.SecretKey.random();
  const ownerPk = owner.publicKey();
  const recipient = U.SecretKey.random();
  const recipientPk = recipient.publicKey();
  const signer = new U.Signer(U.SecretKey.random());
  const verifyingPk = signer.verifyingKey();
  const kfrag = U.generateKFrags(owner, recipientPk, signer, 1, 1, true, true)[0]!;
  const [capsule, ciphertext] = U.encrypt(ownerPk, plaintext);
  const cfrag = U.reencrypt(capsule, kfrag);
  if (!equalBytes(U.decryptReencrypted(recipient, ownerPk, capsule, [cfrag], ciphertext), plaintext)) throw new BenchmarkError("Umbral did not round-trip in the comparison set-up");
  const cfragBytes = cfrag.toBytes();
  return {
    ops: {
      encrypt: op(() => U.encrypt(ownerPk, plaintext)[0].free()),
      // Re-key generation signs both keys, as NuCypher's own network does.
      rekey: op(() => {
        for (const k of U.generateKFrags(owner, recipientPk, signer, 1, 1, true, true)) k.free();
      }),
      // The proxy's work includes the proof of correct re-encryption Umbral attaches to every cfrag.
      reencrypt: op(() => U.reencrypt(capsule, kfrag).free()),
      decrypt: op(() => U.decryptReencrypted(recipient, ownerPk, capsule, [cfrag], ciphertext)),
      verifyCfrag: op(() => U.CapsuleFrag.fromBytes(cfragBytes).verify(capsule, verifyingPk, ownerPk, recipientPk).free()),
    },
    side: {
      scheme: "Umbral (NuCypher), threshold 1-of-1, KEM + ChaCha20-Poly1305 DEM",
      curve: "secp256k1",
      bytes: {
        ciphertextHeader: capsule.toBytesSimple().length,
        reencrypted: cfrag.toBytesSimple().length,
        rekey: kfrag.toBytes().length,
        dataOverhead: ciphertext.length - plaintext.length,
      },
    },
  };
}

/** Runs both schemes on the same `plaintextBytes`-byte plaintext with the same sampling plan. */
export function compareWithUmbral(plan: SamplingPlan, plaintextBytes = 1024): UmbralComparison {
  const plaintext = C.seededRng("MedExChain/bench/plaintext")(plaintextBytes);
  const u = umbralSide(plaintext);
  const o = oursSide(plaintext);
  // Interleaved: each round times every operation of both schemes once, so load hits both alike.
  const names = ["encrypt", "rekey", "reencrypt", "decrypt"] as const;
  const t = sampleInterleaved(plan, [...names.map((n) => o.ops[n]), ...names.map((n) => u.ops[n]), u.ops.verifyCfrag]);
  const at = (i: number) => t[i]!;
  const ours: PreSideResult = { ...o.side, encrypt: at(0), rekey: at(1), reencrypt: at(2), decrypt: at(3) };
  const umbral = { ...u.side, encrypt: at(4), rekey: at(5), reencrypt: at(6), decrypt: at(7), verifyCfrag: at(8) };
  const r = (a: Sampled, b: Sampled) => a.cpuMedianMs / b.cpuMedianMs;
  return {
    plaintextBytes,
    ours,
    umbral,
    ratios: { encrypt: r(ours.encrypt, umbral.encrypt), rekey: r(ours.rekey, umbral.rekey), reencrypt: r(ours.reencrypt, umbral.reencrypt), decrypt: r(ours.decrypt, umbral.decrypt) },
    notes: [
      "Umbral needs no pairing (secp256k1 only) and its proxy attaches a correctness proof to each cfrag; its re-key is split into kfrags (here 1-of-1) signed by the delegator.",
      "Our encrypt uses the recipient's fixed-base table (built once per patient); our re-key needs only the delegatee's public G2 part; our re-encryption is one pairing with no proof (the relay committee's signatures stand for it on chain).",
      "Umbral's decrypt here is decryptReencrypted with an already verified cfrag; verifying a received cfrag is listed separately (verifyCfrag).",
    ],
  };
}
