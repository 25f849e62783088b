// Operation counts per party and phase, read off the role code (reference/roles/*.ts) for one record
// and one cross-chain share, priced with the primitives measured in the same run. This is the
// "crypto only" cost: it leaves out chain I/O, contract execution, the spec endpoint's bookkeeping and
// the trace, which the role timings of the end-to-end run include. `blobKiB` scales the symmetric
// work (AEAD, SHA-256 for the CID and the blob hash) with the PHR blob's size.
import type { PrimitiveLine, PrimitiveName } from "./primitives.ts";
import { primitiveMs } from "./primitives.ts";
import type { Party, Phase } from "./role-timing.ts";

/** One term of a formula: `count` × primitive (count may depend on the blob size). */
interface Term {
  op: PrimitiveName;
  count: number | ((blobKiB: number) => number);
  /** the count as written in the formula */
  shown?: string;
}

/** One party in one phase: what it computes, as a formula, and what that costs here. */
export interface CostLine {
  party: Party;
  phase: Phase;
  formula: string;
  ms: number;
  terms: { op: PrimitiveName; count: number; ms: number }[];
}

/** Totals of the model. */
export interface CostModel {
  blobKiB: number;
  lines: CostLine[];
  /** every party's crypto in the cross-chain share: request, authorisation, transfer, access */
  computeMsPerShare: number;
  /** the device's crypto per upload (PRE encryption computed online) */
  deviceMsPerUpload: number;
  /** the same with the PRE triple precomputed while the device idles between samples */
  deviceMsPerUploadOnline: number;
  /** upload (D, F, HA, P) plus the share: one record's whole journey */
  computeMsPerRecord: number;
  /** the auditor's crypto per share (one keccak per log entry it re-hashes) */
  auditorMsPerShare: number;
  /** the party with the most crypto per record (upload + share), and the shares/s its one core could sustain on crypto alone */
  busiestParty: { party: Party; ms: number; sharesPerSecondBound: number };
  /** the top operations across the share, by their share of computeMsPerShare */
  topOperations: { op: PrimitiveName; ms: number; share: number }[];
}

const kib = (f: number) => (b: number) => f * b;

/** The model: party, phase and the terms its role methods compute (see each role file). */
const MODEL: { party: Party; phase: Phase; terms: Term[] }[] = [
  // Device.upload: encrypt m to P, k = KDF(m), seal the PHR, CID + blob hash, encode, BLS sign.
  { party: "D", phase: "upload", terms: [
    { op: "preEncrypt", count: 1 }, { op: "encodeGt", count: 2 }, { op: "kdf", count: 1 },
    { op: "aeadSealKiB", count: kib(1), shown: "n" }, { op: "sha256KiB", count: kib(2), shown: "2n" }, { op: "blsSign", count: 1 },
  ] },
  // Firewall.filter: decode D's key and signature, verify BLS, CID + blob hash, decode C, re-randomise, encode, ECDSA sign.
  { party: "F", phase: "upload", terms: [
    { op: "decodeG2", count: 1 }, { op: "decodeG1", count: 2 }, { op: "blsVerify", count: 1 }, { op: "sha256KiB", count: kib(2), shown: "2n" },
    { op: "decodeGt", count: 1 }, { op: "rerandomise", count: 1 }, { op: "encodeGt", count: 1 }, { op: "keccak256", count: 1 }, { op: "ecdsaSign", count: 1 },
  ] },
  // HospitalA.acceptUpload + anchor: recover F's signer, hash the stored blob, sign the anchor.
  { party: "HA", phase: "upload", terms: [
    { op: "keccak256", count: 2 }, { op: "ecdsaRecover", count: 1 }, { op: "sha256KiB", count: kib(1), shown: "n" }, { op: "ecdsaSign", count: 1 },
  ] },
  // Patient.observeRecord: recover HA's anchoring signature; decrypt C' once (the relabelling check an1.unique).
  { party: "P", phase: "upload", terms: [{ op: "keccak256", count: 2 }, { op: "ecdsaRecover", count: 1 }, { op: "decodeG1", count: 1 }, { op: "decodeGt", count: 1 }, { op: "preDecrypt2", count: 1 }, { op: "encodeGt", count: 1 }] },
  // HospitalB.request: Ed25519-sign the request.
  { party: "HB", phase: "request", terms: [{ op: "ed25519Sign", count: 1 }] },
  // Relay.carryRequest: verify HB's Ed25519 signature, committee proof for chain A.
  { party: "R", phase: "request", terms: [{ op: "ed25519Verify", count: 1 }, { op: "committeeSign", count: 1 }] },
  // Patient.receiveRequest: check the committee proof and HB's Ed25519 signature.
  { party: "P", phase: "request", terms: [{ op: "committeeVerify", count: 1 }, { op: "ed25519Verify", count: 1 }] },
  // Patient.grant: decode HB's certified key and the anchored C', the record-bound grant, encode, hash C' and the token, sign.
  { party: "P", phase: "authorisation", terms: [
    { op: "decodeG2", count: 1 }, { op: "decodeG1", count: 1 }, { op: "decodeGt", count: 1 }, { op: "preGrantKey", count: 1 }, { op: "encodeGt", count: 1 },
    { op: "keccak256", count: 3 }, { op: "ecdsaSign", count: 1 },
  ] },
  // Relay.reEncryptAndDeliver: recover P's and HA's signers, decode rk and C, re-encrypt, encode, committee proof for chain B.
  { party: "R", phase: "transfer", terms: [
    { op: "keccak256", count: 3 }, { op: "ecdsaRecover", count: 2 }, { op: "decodeG2", count: 1 }, { op: "decodeG1", count: 1 }, { op: "decodeGt", count: 1 },
    // t = 2 members each recompute the re-encryption before signing (d and u decoded too).
    { op: "decodeGt", count: 1 }, { op: "decodeG2", count: 1 }, { op: "preReEncryptRecord", count: 2 }, { op: "encodeGt", count: 2 }, { op: "committeeSign", count: 1 },
  ] },
  // HospitalB.receiveDelivery + fetchRecord + acknowledge: committee proof, P's grant signature, decode, decrypt, open, sign the ack.
  { party: "HB", phase: "access", terms: [
    { op: "committeeVerify", count: 1 }, { op: "keccak256", count: 2 }, { op: "ecdsaRecover", count: 1 }, { op: "decodeGt", count: 3 }, { op: "preDecrypt1", count: 1 },
    { op: "encodeGt", count: 1 }, { op: "sha256KiB", count: kib(1), shown: "n" }, { op: "kdf", count: 1 }, { op: "aeadOpenKiB", count: kib(1), shown: "n" }, { op: "ed25519Sign", count: 1 },
  ] },
  // Relay.receiveAck: verify HB's Ed25519 acknowledgement.
  { party: "R", phase: "access", terms: [{ op: "ed25519Verify", count: 1 }] },
];

const SHARE_PHASES: readonly Phase[] = ["request", "authorisation", "transfer", "access"];

/** Prices the model with measured primitives; `auditEntriesPerShare` from the end-to-end run. */
export function costModel(prims: readonly PrimitiveLine[], blobKiB: number, auditEntriesPerShare: number): CostModel {
  const lines: CostLine[] = MODEL.map((m) => {
    const terms = m.terms.map((t) => {
      const count = typeof t.count === "number" ? t.count : t.count(blobKiB);
      return { op: t.op, count, ms: count * primitiveMs(prims, t.op) };
    });
    const formula = m.terms.map((t) => `${typeof t.count === "number" ? (t.count === 1 ? "" : `${t.count}·`) : `${t.shown}·`}${t.op}`).join(" + ");
    return { party: m.party, phase: m.phase, formula, ms: terms.reduce((n, t) => n + t.ms, 0), terms };
  });
  lines.push({
    party: "Au",
    phase: "audit",
    formula: `e·keccak256 (e = ${auditEntriesPerShare.toFixed(1)} log entries per share)`,
    ms: auditEntriesPerShare * primitiveMs(prims, "keccak256"),
    terms: [{ op: "keccak256", count: auditEntriesPerShare, ms: auditEntriesPerShare * primitiveMs(prims, "keccak256") }],
  });
  const total = (pred: (l: CostLine) => boolean) => lines.filter(pred).reduce((n, l) => n + l.ms, 0);
  const computeMsPerShare = total((l) => SHARE_PHASES.includes(l.phase));
  const device = lines.find((l) => l.party === "D")!;
  const online = device.ms - primitiveMs(prims, "preEncrypt") + primitiveMs(prims, "preEncryptOnline");
  const byOp = new Map<PrimitiveName, number>();
  for (const l of lines.filter((x) => SHARE_PHASES.includes(x.phase))) for (const t of l.terms) byOp.set(t.op, (byOp.get(t.op) ?? 0) + t.ms);
  const perParty = new Map<Party, number>();
  for (const l of lines.filter((x) => x.phase !== "audit")) perParty.set(l.party, (perParty.get(l.party) ?? 0) + l.ms);
  const [busy, busyMs] = [...perParty.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return {
    blobKiB,
    busiestParty: { party: busy, ms: busyMs, sharesPerSecondBound: 1000 / busyMs },
    lines,
    computeMsPerShare,
    deviceMsPerUpload: device.ms,
    deviceMsPerUploadOnline: online,
    computeMsPerRecord: total((l) => l.phase !== "audit"),
    auditorMsPerShare: total((l) => l.phase === "audit"),
    topOperations: [...byOp.entries()].sort((a, b) => b[1] - a[1]).map(([op, ms]) => ({ op, ms, share: ms / computeMsPerShare })),
  };
}

/** The same model priced with other costs for some primitives (say, another backend's), for a projection. */
export function costModelWith(prims: readonly PrimitiveLine[], overrides: Partial<Record<PrimitiveName, number>>, blobKiB: number, auditEntriesPerShare: number): CostModel {
  const patched = prims.map((p) => (overrides[p.name] === undefined ? p : { ...p, cpuMedianMs: overrides[p.name]! }));
  return costModel(patched, blobKiB, auditEntriesPerShare);
}
