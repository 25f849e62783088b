// Wall-clock cost of every cryptographic operation of an upload and of a cross-chain share, per
// party, on this machine (median of repeated runs after warm-up). Keys and tables are set up
// beforehand, as they are in deployment: a device encrypts to the same patient again and again.
import { utf8ToBytes } from "@noble/hashes/utils.js";
import * as C from "../crypto/index.ts";

/** One measured operation. */
export interface TimingLine {
  phase: "upload" | "share";
  party: string;
  operation: string;
  medianMs: number;
}

/** Result of the timing run. */
export interface CryptoTiming {
  runs: number;
  lines: TimingLine[];
  deviceUploadMs: number;
  devicePreEncryptMs: number;
  uploadTotalMs: number;
  shareTotalMs: number;
  setup: { zTableMs: number; ownerTableMs: number };
  node: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function time(runs: number, f: () => unknown): number {
  for (let i = 0; i < 3; i++) f();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Measures every operation `runs` times and sums them per phase. */
export function runCryptoTiming(runs = 20): CryptoTiming {
  const rng = C.seededRng("timing");
  let t0 = performance.now();
  C.zFixedBase();
  const zTableMs = performance.now() - t0;
  const patient = C.preKeyGen(rng);
  const hb = C.preKeyGen(rng);
  t0 = performance.now();
  const encryptor = C.preEncryptorFor(patient.pk);
  const ownerTableMs = performance.now() - t0;
  const device = C.deviceKeyGen(rng);
  const eth = C.ethKeyGen(rng);
  const ed = C.edKeyGen(rng);
  const committee = [C.ethKeyGen(rng), C.ethKeyGen(rng), C.ethKeyGen(rng)].map((k) => ({ sk: k.sk, address: k.address }));
  const context = { patient: eth.address, record: "record-1", device: "device-1" };
  const phr = new Uint8Array(1024);
  const { ct, m } = encryptor.encrypt(undefined, rng);
  const key = C.dataKeyFrom(m, context);
  const blob = C.sealBlob(key, phr, C.encodeRecordContext(context));
  const statement = C.keccak256(utf8ToBytes("upload statement"));
  const sig = C.deviceSign(device.sk, statement);
  const firewall = new C.ReverseFirewall(patient.pk, device.pk);
  const ctBytes = C.encodeSecondLevelCiphertext(ct);
  const rk = C.preReKey(patient.sk, hb.pk.g2a2);
  const ct1 = C.preReEncrypt(rk, ct);
  const ct1Bytes = C.encodeFirstLevelCiphertext(ct1);
  const rkBytes = C.encodeReKey(rk);
  const digest = C.keccak256(utf8ToBytes("cross-chain message"));
  const ethSig = C.ethSign(eth.sk, digest);
  const edSig = C.edSign(ed.sk, digest);
  const proof = C.committeeSign(digest, committee.slice(0, 2));
  const hbKeyBytes = C.encodePrePublicKey(hb.pk);
  const kc = C.keyCommitment(m, context);

  const lines: TimingLine[] = [];
  const add = (phase: TimingLine["phase"], party: string, operation: string, f: () => unknown) =>
    lines.push({ phase, party, operation, medianMs: time(runs, f) });

  add("upload", "device", "PRE encrypt (fresh m, 1 G1 + 2 GT fixed-base exps)", () => encryptor.encrypt(undefined, rng));
  add("upload", "device", "data key + key commitment (HKDF ×2) + AEAD seal 1 KiB", () => {
    const k = C.dataKeyFrom(m, context);
    C.keyCommitment(m, context);
    C.sealBlob(k, phr, C.encodeRecordContext(context));
  });
  add("upload", "device", "BLS sign (hash to G1 + GLV multiplication)", () => C.deviceSign(device.sk, statement));
  add("upload", "device", "encode ciphertext + signature", () => {
    C.encodeSecondLevelCiphertext(ct);
    C.encodeDeviceSignature(sig);
  });
  add("upload", "firewall", "decode + verify BLS + re-randomise + encode", () =>
    firewall.filterEncoded({ ciphertext: ctBytes, statement, signature: C.encodeDeviceSignature(sig) }, rng),
  );
  add("upload", "hospital A", "decode ciphertext + verify device BLS", () => {
    C.decodeSecondLevelCiphertext(ctBytes);
    C.deviceVerify(device.pk, statement, sig);
  });
  add("upload", "hospital A", "ECDSA sign anchor (chain A)", () => C.ethSign(eth.sk, digest));

  add("share", "hospital B", "Ed25519 sign request (chain B)", () => C.edSign(ed.sk, digest));
  add("share", "relay", "committee signs request (2 × ECDSA)", () => C.committeeSign(digest, committee.slice(0, 2)));
  add("share", "patient", "verify relayed request (committee 2-of-3 + Ed25519)", () => {
    C.verifyCommitteeProof(digest, proof, committee.map((c) => c.address), 2);
    C.edVerify(ed.pk, digest, edSig);
  });
  add("share", "patient", "decode HB key + re-key (G2 GLS) + encode", () => C.encodeReKey(C.preReKey(patient.sk, C.decodeDelegateeKey(hbKeyBytes))));
  add("share", "patient", "ECDSA sign grant (chain A)", () => C.ethSign(eth.sk, digest));
  add("share", "relay", "verify grant (ecrecover)", () => C.ethVerify(eth.address, digest, ethSig));
  add("share", "relay", "decode + re-encrypt (1 pairing) + encode", () =>
    C.encodeFirstLevelCiphertext(C.preReEncrypt(C.decodeReKey(rkBytes), C.decodeSecondLevelCiphertext(ctBytes))),
  );
  add("share", "relay", "committee signs delivery (2 × ECDSA)", () => C.committeeSign(digest, committee.slice(0, 2)));
  add("share", "hospital B", "verify delivery proof (committee 2-of-3)", () => C.verifyCommitteeProof(digest, proof, committee.map((c) => c.address), 2));
  add("share", "hospital B", "decode + PRE decrypt level 1 (GT GLS exp)", () => C.preDecrypt1(hb.sk, C.decodeFirstLevelCiphertext(ct1Bytes)));
  add("share", "hospital B", "key commitment check + data key + AEAD open 1 KiB", () => {
    C.checkKeyCommitment(m, context, kc);
    C.openBlob(C.dataKeyFrom(m, context), blob, C.encodeRecordContext(context));
  });
  add("share", "hospital B", "Ed25519 sign acknowledgement", () => C.edSign(ed.sk, digest));

  const sum = (pred: (l: TimingLine) => boolean) => lines.filter(pred).reduce((a, l) => a + l.medianMs, 0);
  return {
    runs,
    lines,
    deviceUploadMs: sum((l) => l.phase === "upload" && l.party === "device"),
    devicePreEncryptMs: lines[0]!.medianMs,
    uploadTotalMs: sum((l) => l.phase === "upload"),
    shareTotalMs: sum((l) => l.phase === "share"),
    setup: { zTableMs, ownerTableMs },
    node: process.version,
  };
}
