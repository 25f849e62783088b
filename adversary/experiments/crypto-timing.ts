// Cost of every cryptographic operation of an upload and of a cross-chain share, per party, on this
// machine (median of repeated runs after warm-up). The headline figure is CPU time (user + system)
// of this process, which other load on a shared machine inflates far less than wall-clock time;
// the wall-clock median is reported beside it. Keys and tables are set up
// beforehand, as they are in deployment: a device encrypts to the same patient again and again.
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { loadavg } from "node:os";
import { bytesToHex, type Address } from "viem";
import * as C from "../../reference/crypto/index.ts";
import { checkProof, committeeProofFromKeys } from "../../reference/chains/relay-proof.ts";

/** One measured operation. */
export interface TimingLine {
  phase: "upload" | "share";
  party: string;
  operation: string;
  /** median CPU time (user + system) of this process, ms */
  medianMs: number;
  /** median wall-clock time, ms */
  medianWallMs: number;
  /** false for alternatives to another line, which the totals leave out */
  inTotals: boolean;
}

/** Result of the timing run. */
export interface CryptoTiming {
  runs: number;
  lines: TimingLine[];
  deviceUploadMs: number;
  devicePreEncryptMs: number;
  devicePreEncryptOnlineMs: number;
  uploadTotalMs: number;
  shareTotalMs: number;
  setup: { zTableMs: number; ownerTableMs: number };
  /** Reference costs measured in the same run, to compare runs on machines (or moments) of different speed. */
  calibration: { pairingMs: number; fp12MulMs: number };
  /** load average when the run started: wall times are only meaningful on an idle machine */
  loadAverage: number[];
  node: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Sample {
  cpu: number;
  wall: number;
}

function sampleOnce(f: () => unknown): Sample {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall };
}

function time(runs: number, f: () => unknown): { medianMs: number; medianWallMs: number } {
  for (let i = 0; i < 3; i++) f();
  const samples = Array.from({ length: runs }, () => sampleOnce(f));
  return { medianMs: median(samples.map((s) => s.cpu)), medianWallMs: median(samples.map((s) => s.wall)) };
}

/** Measures every operation `runs` times and sums them per phase. */
export function runCryptoTiming(runs = 20): CryptoTiming {
  const load = loadavg();
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
  const digestHex = bytesToHex(digest);
  const committeeAddresses = committee.map((c) => c.address as Address);
  const proof = committeeProofFromKeys(committee.slice(0, 2), digestHex);
  const hbKeyBytes = C.encodePrePublicKey(hb.pk);
  const kc = C.keyCommitment(m, context);

  const lines: TimingLine[] = [];
  const add = (phase: TimingLine["phase"], party: string, operation: string, f: () => unknown) =>
    lines.push({ phase, party, operation, ...time(runs, f), inTotals: true });

  add("upload", "device", "PRE encrypt (fresh m, 1 G1 + 2 GT fixed-base exps)", () => encryptor.encrypt(undefined, rng));
  {
    const samples: Sample[] = [];
    for (let i = 0; i < runs + 3; i++) {
      encryptor.precompute(1, rng);
      const s = sampleOnce(() => encryptor.encrypt(undefined, rng));
      if (i >= 3) samples.push(s);
    }
    lines.push({
      phase: "upload",
      party: "device",
      operation: "PRE encrypt online, from a triple precomputed while idle (alternative to the line above)",
      medianMs: median(samples.map((x) => x.cpu)),
      medianWallMs: median(samples.map((x) => x.wall)),
      inTotals: false,
    });
  }
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
  add("share", "relay", "committee signs request (2 × ECDSA)", () => committeeProofFromKeys(committee.slice(0, 2), digestHex));
  add("share", "patient", "verify relayed request (committee 2-of-3 + Ed25519)", () => {
    checkProof(digestHex, proof, committeeAddresses, 2);
    C.edVerify(ed.pk, digest, edSig);
  });
  add("share", "patient", "decode HB key + re-key (G2 GLS) + encode", () => C.encodeReKey(C.preReKey(patient.sk, C.decodeDelegateeKey(hbKeyBytes))));
  add("share", "patient", "ECDSA sign grant (chain A)", () => C.ethSign(eth.sk, digest));
  add("share", "relay", "verify grant (ecrecover)", () => C.ethVerify(eth.address, digest, ethSig));
  add("share", "relay", "decode + re-encrypt (1 pairing) + encode", () =>
    C.encodeFirstLevelCiphertext(C.preReEncrypt(C.decodeReKey(rkBytes), C.decodeSecondLevelCiphertext(ctBytes))),
  );
  add("share", "relay", "committee signs delivery (2 × ECDSA)", () => committeeProofFromKeys(committee.slice(0, 2), digestHex));
  add("share", "hospital B", "verify delivery proof (committee 2-of-3)", () => checkProof(digestHex, proof, committeeAddresses, 2));
  add("share", "hospital B", "decode + PRE decrypt level 1 (GT GLS exp)", () => C.preDecrypt1(hb.sk, C.decodeFirstLevelCiphertext(ct1Bytes)));
  add("share", "hospital B", "key commitment check + data key + AEAD open 1 KiB", () => {
    C.checkKeyCommitment(m, context, kc);
    C.openBlob(C.dataKeyFrom(m, context), blob, C.encodeRecordContext(context));
  });
  add("share", "hospital B", "Ed25519 sign acknowledgement", () => C.edSign(ed.sk, digest));

  const calibration = {
    pairingMs: time(runs, () => C.pairing(C.g1, C.g2)).medianMs,
    fp12MulMs: time(runs, () => {
      for (let i = 0; i < 100; i++) C.gtMul(m, m);
    }).medianMs / 100,
  };
  const sum = (pred: (l: TimingLine) => boolean) => lines.filter((l) => l.inTotals && pred(l)).reduce((a, l) => a + l.medianMs, 0);
  return {
    runs,
    lines,
    deviceUploadMs: sum((l) => l.phase === "upload" && l.party === "device"),
    devicePreEncryptMs: lines[0]!.medianMs,
    devicePreEncryptOnlineMs: lines[1]!.medianMs,
    uploadTotalMs: sum((l) => l.phase === "upload"),
    shareTotalMs: sum((l) => l.phase === "share"),
    setup: { zTableMs, ownerTableMs },
    calibration,
    loadAverage: load,
    node: process.version,
  };
}
