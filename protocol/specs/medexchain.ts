// MedExChain: PHR sharing from IoMT devices across heterogeneous blockchains.
// The one statement of the protocol. Two sub-protocols share this file, so each Scyther model stays
// small enough to verify at the default bound while the implementation reads one source:
//   Upload: device D → reverse firewall F → source hospital HA
//   Share:  HA anchors on chain A (owner P sees it) → requesting hospital HB (chain B) → relay R →
//           patient P (chain A) → R re-encrypts → HB fetches the blob and acknowledges
// Setup/registration (phase "setup") is initial knowledge here: every party's public keys are
// registered on its home chain before either sub-protocol runs (docs/protocol.md, "Setup").
// The audit phase is not a message exchange: every message below is a logged chain step that the
// auditor matches across chains (reference/audit).
import { B } from "../ban.ts";
import { protocol, type Builder } from "../language.ts";
import { hash, preEnc, recordKey, reEnc, reKey, rerand, senc, sign, tuple, type Term } from "../terms.ts";
import type { ProtocolSpec } from "../language.ts";

const family = "MedExChain";
const source = "protocol/specs/medexchain.ts";

/** The key schemes: chain A and chain B use different cryptosystems; the relay bridges them. */
function schemes(p: Builder): void {
  p.scheme({ name: "ecdsaA", use: "signature", algorithm: "secp256k1 ECDSA over keccak256 (Ethereum accounts)", registeredOn: "chainA" });
  p.scheme({ name: "ed25519B", use: "signature", algorithm: "Ed25519 (RFC 8032)", registeredOn: "chainB" });
  p.scheme({ name: "blsD", use: "signature", algorithm: "BLS12-381 unique signatures (device; no subliminal channel)", registeredOn: "chainA" });
  p.scheme({ name: "pre", use: "pre", algorithm: "AFGH-2006 unidirectional single-hop PRE on BLS12-381, record-bound grants (docs/crypto.md §4)", registeredOn: "chainA/chainB" });
  p.scheme({ name: "committee", use: "committee", algorithm: "t-of-n secp256k1 ECDSA committee, checked on-chain with ecrecover", registeredOn: "chainA/chainB/relay" });
}

/**
 * The encrypted blob and its content addresses: the data key k = KDF(m, ctx) seals the record, where
 * ctx is the record context known when the device encrypts — device, anchoring hospital, patient and
 * device timestamp (the AEAD's associated data is the same context; docs/crypto.md §4.6). The record
 * id and CID cannot be in it: both are derived from the blob.
 */
function blobTerms(m: Term, phr: Term, ctx: readonly Term[]) {
  const blob = senc(hash("kdf", m, ...ctx), phr);
  return { blob, cid: hash("cid", blob), h: hash("blobhash", blob) };
}

export const upload = protocol(
  {
    name: "MedExChainUpload",
    title: "MedExChain upload: device → reverse firewall → source hospital (chain A)",
    source,
    family,
    description:
      "The device encrypts a fresh PHR under a fresh data key, PRE-encrypts the data key to the patient and signs; the reverse firewall verifies, stores the blob, re-randomises the PRE ciphertext and countersigns; the source hospital checks the upload (and then anchors it: MedExChainShare's first message).",
  },
  (p) => {
    schemes(p);
    const D = p.role("D", "IoMT device");
    const F = p.role("F", "reverse firewall");
    const HA = p.role("HA", "source hospital (chain A)");
    const P = p.role("P", "patient");
    const skD = p.sk(D, "blsD");
    const skF = p.sk(F, "ecdsaA");
    const skHA = p.sk(HA, "ecdsaA");
    const pkP = p.pk(P, "pre");

    p.phase("upload");
    const m = p.fresh(D, "m", "DataKey");
    const phr = p.fresh(D, "phr", "Data");
    const tsD = p.fresh(D, "tsD", "Timestamp");
    const s = p.fresh(F, "s", "Randomness");
    const { blob, cid, h } = blobTerms(m, phr, [p.agent(D), p.agent(HA), p.agent(P), tsD]);
    const C = preEnc(pkP, m);
    const C2 = rerand(C, s);
    const a = p.agent.bind(p);

    const sigD = sign(skD, a(D), a(F), a(HA), a(P), cid, h, C, tsD);
    p.claim(D, "Running", undefined, { label: "D1", peer: HA, data: [cid, h, tsD], goal: "D starts an upload HA should agree on" });
    p.message("up1", D, F, tuple(a(D), a(HA), a(P), blob, C, tsD, sigD), {
      description: "D: fresh m, k = KDF(m; D, HA, P, tsD), blob = AEAD_k(phr; AD = D, HA, P, tsD); C = PRE.Enc(pk_P, m); BLS signature over the upload",
      checks: [
        p.check("sig", "verify-signature", sigD, "the device's BLS signature verifies under its registered key"),
        p.check("registered", "registered", a(D), "the device key is registered to patient P"),
        p.check("ts", "timestamp", tsD, "the device timestamp lies within the freshness window"),
      ],
    });

    const sigF = sign(skF, a(D), a(HA), a(P), cid, h, C2, tsD);
    p.message("up2", F, HA, tuple(a(D), a(P), cid, h, C2, tsD, sigF), {
      description: "F: stores the blob by CID, re-randomises C into C' = (c1·g1^s, c2·pk1^s), countersigns",
      checks: [
        p.check("sig", "verify-signature", sigF, "the firewall's signature verifies"),
        p.check("registered", "registered", a(D), "the device is registered to P on chain A"),
        p.check("hash", "hash", h, "the blob fetched by CID hashes to h"),
        p.check("replay", "fresh-nonce", tsD, "this upload (D, tsD, CID) has not been accepted before"),
        p.check("ts", "timestamp", tsD, "the device timestamp lies within the freshness window"),
      ],
    });
    p.claim(HA, "Commit", undefined, { label: "HA1", peer: D, data: [cid, h, tsD], goal: "HA agrees with D on the upload" });
    p.claim(HA, "Alive", undefined, { label: "HA2", peer: D, goal: "D is alive" });
    p.claim(HA, "Niagree", undefined, { label: "HA3", goal: "HA agrees with D and F on the upload (non-injective)" });
    p.claim(HA, "Nisynch", undefined, { label: "HA4", goal: "the upload was not replayed or reordered" });

    p.claim(D, "Secret", m, { label: "D2", goal: "the data key stays secret" });
    p.claim(D, "Secret", phr, { label: "D3", goal: "the PHR stays secret" });
    p.claim(F, "Alive", undefined, { label: "F1", peer: D, goal: "the device is alive" });

    // BAN. The device's signature covers C, which the firewall re-randomises, so it cannot reach HA:
    // HA trusts F to report what the device signed (jurisdiction over "D said …", docs/design.md) and
    // checks freshness itself through tsD. F checks the device's unique signature under its registered key.
    const pkD = p.pk(D, "blsD");
    const pkF = p.pk(F, "ecdsaA");
    const upD = B.and(a(HA), a(P), cid, h, C, tsD);
    const upF = B.and(a(D), a(HA), a(P), cid, h, C2, tsD);
    p.ban.assume("F-pkD", B.believes(F, B.pubKey(D, pkD)));
    p.ban.assume("F-fresh-tsD", B.believes(F, B.fresh(tsD)));
    p.ban.assume("HA-pkF", B.believes(HA, B.pubKey(F, pkF)));
    p.ban.assume("HA-fresh-tsD", B.believes(HA, B.fresh(tsD)));
    p.ban.assume("HA-F-reports-D", B.believes(HA, B.controls(F, B.said(D, upD))));
    p.ban.idealise("up1", B.signed(upD, pkD));
    p.ban.idealise("up2", B.signed(B.and(upF, B.said(D, upD)), pkF));
    p.ban.goal("F-D-current", B.believes(F, B.believes(D, upD)), "F accepts only a current upload the device signed (before re-randomising it)");
    p.ban.goal("HA-D-said", B.believes(HA, B.said(D, upD)), "HA believes the device produced this upload (CID, blob hash, ciphertext, timestamp)");
    p.ban.goal("HA-D-current", B.believes(HA, B.believes(D, upD)), "HA agrees with the device on the upload, and it is not a replay");
    p.ban.goal("HA-F-current", B.believes(HA, B.believes(F, upF)), "HA agrees with the firewall on the re-randomised ciphertext C' it anchors");
    p.ban.goal("HA-upload-fresh", B.believes(HA, B.fresh(upD)), "HA believes the upload is fresh (no replayed upload is anchored)");
    void blob;
  },
);

/**
 * How a grant delegates: "record" (the fix of issue 15) — a token bound to the one anchored
 * ciphertext C', with fresh randomness, under a signature covering H(C') and the anchoring
 * commitment; "per-patient" (pre-fix) — one re-encryption key per (patient, requester), good for
 * every record of the patient, published on chain A.
 */
export type GrantConstruction = "record" | "per-patient";

/** The share sub-protocol with a given grant construction. */
export function shareProtocol(opts: { grant: GrantConstruction }): ProtocolSpec {
  const record = opts.grant === "record";
  return protocol(
    {
      name: record ? "MedExChainShare" : "MedExChainSharePrefix",
      title: record
        ? "MedExChain cross-chain share: request on chain B → record-bound grant on chain A → re-encrypted delivery on chain B"
        : "MedExChain cross-chain share, pre-fix construction: one re-encryption key per patient and requester (issue 15)",
      source,
      family: record ? family : `${family}Prefix`,
      description: record
        ? "HB requests a record on chain B with a fresh nonce; the relay committee carries it with a proof to chain A; the patient checks HB's chain-B-certified key and grants a re-encryption token bound to the one anchored ciphertext, the request and HB; the relay re-encrypts that ciphertext and delivers it with a proof to chain B; HB decrypts, checks the blob and acknowledges."
        : "The share as it was before issue 15: the patient grants rk_{P→HB} = pk2_HB^{a1}, which depends on the two parties only, so it re-encrypts (and, unwrapped with HB's key, decrypts) every record of the patient. Kept as a named variant so the verifiers can show the cross-record attack.",
    },
    (p) => {
      schemes(p);
      const HA = p.role("HA", "source hospital (chain A): the anchored record");
      const P = p.role("P", "patient");
      const HB = p.role("HB", "requesting hospital (chain B)");
      const R = p.role("R", "relay committee");
      const a = p.agent.bind(p);
      const skHA = p.sk(HA, "ecdsaA");
      const skP = p.sk(P, "ecdsaA");
      const skHB = p.sk(HB, "ed25519B");
      const skR = p.sk(R, "committee");
      const preP = p.keyPair(P, "pre");
      const preHB = p.keyPair(HB, "pre");
      const chainA = p.constant("chainA", "ChainId");
      const chainB = p.constant("chainB", "ChainId");

      // The record as anchored by the upload (here made by HA: it stands for D, F and HA, see docs/abstractions.md).
      p.phase("upload");
      const m = p.fresh(HA, "m", "DataKey");
      const phr = p.fresh(HA, "phr", "Data");
      const rec = p.fresh(HA, "rec", "Identifier");
      // The uploading device and its timestamp (the upload's D and tsD, anchored with the record): with
      // HA and P they are the record context the data key and the blob's associated data are bound to.
      const dev = p.fresh(HA, "dev", "Name");
      const tsD = p.fresh(HA, "tsD", "Timestamp");
      const { blob, cid, h } = blobTerms(m, phr, [dev, a(HA), a(P), tsD]);
      const C2 = preEnc(preP.pk, m);
      // The anchored upload commitment: the fields the device and the firewall signed (D, HA, P, CID,
      // blob hash, C', tsD), under the record id chain A derived from them, signed by HA.
      const commitment = [rec, a(P), dev, tsD, cid, h, C2] as const;
      const sigHA = sign(skHA, ...commitment);
      // The record's context as anchored: what the grant covers and what HB decrypts under. Without this
      // pair no claim saw the device or its timestamp leave HA's signature (mutation survivors, docs §13).
      p.claim(HA, "Running", undefined, { label: "HA3", peer: P, data: [rec, dev, tsD, cid, h], goal: "HA anchors a record (device, device time, CID, blob hash) P should agree on" });
      p.message("an1", HA, P, tuple(...commitment, sigHA), {
        channel: "chainA",
        description: "HA anchors (rec, P, D, tsD, CID, blob hash, C') on chain A — the upload commitment the device and firewall signed, under the record id chain A derives; the patient reads her record there",
        checks: [
          p.check("sig", "verify-signature", sigHA, "the anchoring transaction is signed by a registered hospital account"),
          p.check("registered", "registered", a(HA), "HA is a registered hospital on chain A"),
          p.check("owner", "equals", a(P), "the record's owner is P"),
          p.check("chain", "chain-id", rec, "the record lives on chain A"),
          ...(record
            ? [p.check("unique", "fresh-nonce", C2, "C' carries a data key no other record of P carries (a ciphertext relabelled or re-randomised from another record is refused, the anchoring hospital named)")]
            : []),
        ],
      });
      p.claim(P, "Commit", undefined, { label: "P5", peer: HA, data: [rec, dev, tsD, cid, h], goal: "P agrees with HA on her record's upload commitment: device, device time, CID and blob hash" });
      p.message("in1", P, HB, tuple(a(P), rec, dev, tsD), {
        channel: "oob",
        description: "the patient, now at hospital B, hands it her record reference with its device and device timestamp (out of band: QR code, card); HB checks them against the grant and the derived record id before using them as the blob's context",
        checks: [p.check("registered", "registered", a(P), "P is a registered patient on chain A (read through the relay)")],
      });

      p.phase("request");
      const nB = p.fresh(HB, "nB", "Nonce");
      const tsB = p.fresh(HB, "tsB", "Timestamp");
      const req = [a(HB), a(P), a(R), rec, nB, tsB] as const;
      const sigHB = sign(skHB, ...req, chainB, chainA);
      p.claim(HB, "Running", undefined, { label: "HB1", peer: P, data: [rec, nB], goal: "HB starts a request P should agree on" });
      p.message("rq1", HB, R, tuple(...req, sigHB), {
        channel: "chainB",
        description: "HB files a request with a fresh nonce on chain B, signed with its Ed25519 identity",
        checks: [
          p.check("sig", "verify-signature", sigHB, "HB's Ed25519 signature verifies under its chain-B registered key"),
          p.check("registered", "registered", a(HB), "HB is registered on chain B"),
          p.check("chain", "chain-id", chainB, "the request event is read from chain B"),
        ],
      });
      const proofB = sign(skR, hash("relay", chainB, chainA, ...req, sigHB));
      p.message("rq2", R, P, tuple(...req, sigHB, proofB), {
        channel: "chainA",
        description: "the committee carries the request to chain A with t-of-n signatures over (source chain, destination chain, request event)",
        checks: [
          p.check("consent", "consent", a(HB), "the patient goes on only with a hospital she chooses to trust (refusing is this check failing)"),
          p.check("proof", "relay-proof", proofB, "t-of-n committee signatures over the cross-chain message and its chain-B event"),
          p.check("chain", "chain-id", chainA, "the message is addressed to chain A and comes from chain B"),
          p.check("certified", "certified", p.pk(HB, "ed25519B"), "HB's key is certified by chain B's registry (carried under the proof)"),
          p.check("sig", "verify-signature", sigHB, "HB's Ed25519 signature verifies (a foreign cryptosystem on chain A)"),
          p.check("replay", "fresh-nonce", nB, "the request nonce has not been seen before"),
          p.check("ts", "timestamp", tsB, "the request is within its validity window"),
        ],
      });
      p.claim(P, "Commit", undefined, { label: "P1", peer: HB, data: [rec, nB], goal: "P agrees with HB on the request" });
      p.claim(P, "Alive", undefined, { label: "P2", goal: "HB is alive" });
      p.claim(P, "Niagree", undefined, { label: "P3", goal: "P agrees with HB and R on the request" });

      p.phase("authorisation");
      // HA's record-data claims run at 6 Scyther runs, where the other-record scenario admits the
      // cross-record attack; the pre-fix construction is expected to fail them. HB's claims would need
      // a 7th run for it (HB's own run must also complete), beyond what Scyther finishes here: at 6 runs
      // it finds no attack on the pre-fix HB4 in 800 s and does not finish HB5 in 900 s, so 6 runs buy
      // nothing for them but 400 s each on the fixed spec. They run at Scyther's default bound, and the
      // attack on HB's view is ProVerif's to find (unbounded, on all four claims).
      const perRecord = { unlessGranted: m, minRuns: 6, ...(record ? {} : { expect: "Fail" as const }) };
      const perRecordHB = {
        unlessGranted: m,
        ...(record ? {} : { proverif: { expect: "Fail" as const, why: "the cross-record attack on HB's view needs 7 Scyther runs (HB's run completes too); ProVerif, unbounded, finds it" } }),
      };
      // The record-bound token rk_R = (d, u) = (e(c1', g2)^a1·Z^-ρ, pk2_HB^ρ) re-encrypts C' and nothing else.
      const rho = record ? p.fresh(P, "rho", "Randomness") : undefined;
      const rk = rho ? recordKey(preP.sk, C2, preHB.pk, rho) : reKey(preP.sk, preHB.pk);
      // The token names the exact ciphertext it re-encrypts (its wire form is d ‖ u ‖ H(C'), H(C') as
      // chain A stores it), so the signature over hash("rk", rk) covers H(C'), d and u with (HB, rec, nB);
      // with (HA, rec, P, D, tsD, CID, h) it covers every field of the anchored upload commitment.
      const grant = [a(P), a(HB), a(HA), rec, nB, dev, tsD, cid, h, hash("rk", rk)] as const;
      const sigP = sign(skP, ...grant);
      p.claim(P, "Running", undefined, { label: "P4", peer: HB, data: [rec, nB, hash("rk", rk)], goal: "P grants; HB should agree" });
      p.message("gr1", P, R, tuple(rec, a(HB), nB, dev, tsD, cid, h, C2, sigHA, rk, sigP), {
        channel: "chainA",
        description: record
          ? "P grants: rk_R = (d, u) = (e(c1', g2)^{a1}·Z^{-ρ}, pk2_HB^{ρ}) for the anchored C' only, bound to (HB, rec, nB) and the anchored upload commitment (HA, D, tsD, CID, h, H(C')) by P's chain-A signature; recorded on chain A, where the relay reads it with the record it names"
          : "P grants (pre-fix): rk_{P→HB} = pk2_HB^{a1}, bound to (HB, rec, nB) by P's chain-A signature; recorded on chain A, where the relay reads it with the record it names",
        checks: [
          p.check("sig", "verify-signature", sigP, "the grant is signed by the record's owner"),
          p.check("record", "verify-signature", sigHA, record ? "the record the grant names was anchored by a registered hospital, and the token names that record's anchored ciphertext H(C')" : "the record the grant names was anchored by a registered hospital"),
          p.check("owner", "registered", a(P), "P owns rec on chain A"),
          p.check("pending", "equals", nB, "the grant answers a pending request with the same nonce"),
        ],
      });

      // Consent is per record: P may grant another record to a hospital she does not trust with this
      // one (one that may be the intruder), and any party may be corrupted after a grant. The record-data
      // claims hold unless *this* record was granted to a compromised party. A grant is named by the
      // data key its ciphertext carries, so a ciphertext relabelled as another record counts as this
      // record (the implementation refuses it: the patient's uniqueness check on C', state the models lack). The pre-fix key, one per
      // (patient, hospital), fails them: its delegatee extracts the patient's decryption capability and
      // opens every record (the cross-record attack, docs/abstractions.md, "Compromise").
      p.compromise.grant("gr1", HB, m, { otherRecords: true });
      p.compromise.minority(R, "the adversary may hold fewer than t of the n committee members: no committee signature, and every chain event is public anyway");

      p.phase("transfer");
      const D2 = reEnc(rk, C2);
      const dl = [rec, a(HB), nB, cid, h, D2, hash("rk", rk), sigP] as const;
      const proofA = sign(skR, hash("relay", chainA, chainB, ...dl));
      p.claim(R, "Running", undefined, { label: "R1", peer: HB, data: [rec, nB, D2], goal: "R delivers; HB should agree" });
      p.message("dl1", R, HB, tuple(...dl, proofA), {
        channel: "chainB",
        description: record
          ? "R re-encrypts C' with the token, (e(g1, u), c2'/d) (one pairing; each member recomputes it), and delivers it to chain B with a committee proof over the grant event"
          : "R re-encrypts C' with rk (one pairing) and delivers it to chain B with a committee proof over the grant event",
        checks: [
          p.check("proof", "relay-proof", proofA, "t-of-n committee signatures over the delivery and its chain-A grant event"),
          p.check("chain", "chain-id", chainB, "the delivery is addressed to chain B and comes from chain A"),
          p.check("grant", "verify-signature", sigP, "P's chain-A signature on the grant verifies (a foreign cryptosystem on chain B)"),
          p.check("nonce", "equals", nB, "the delivery answers HB's own request nonce"),
          p.check("context", "equals", rec, "the record id is chain A's derivation from (HA, P, CID, tsD) and the grant covers the device and tsD HB was handed: the blob context HB decrypts under is the anchored one"),
          p.check("decrypt", "decrypt", D2, "the first-level ciphertext decrypts under HB's PRE key"),
        ],
      });
      p.message("fe1", HA, HB, blob, {
        channel: "storage",
        description: "HB fetches the encrypted blob by CID from content-addressed storage (pinned at upload)",
        checks: [
          p.check("hash", "hash", h, "the blob fetched by CID hashes to the anchored h"),
          p.check("aead", "decrypt", blob, "the blob opens under k = KDF(m)"),
        ],
      });
      p.claim(HB, "Commit", undefined, { label: "HB2", peer: P, data: [rec, nB, hash("rk", rk)], goal: "HB agrees with P on the grant (in ProVerif, a ciphertext the adversary re-randomised is known up to the ciphertext it started from: docs/abstractions.md §15.3)" });
      p.claim(HB, "Commit", undefined, { label: "HB3", peer: R, data: [rec, nB, D2], goal: "HB agrees with R on the delivered ciphertext" });
      p.claim(HB, "Secret", m, { label: "HB4", ...perRecordHB, goal: "the data key stays secret from the network, the relay and chain operators, unless this record was granted to a compromised party" });
      p.claim(HB, "Secret", phr, { label: "HB5", ...perRecordHB, goal: "the PHR stays secret unless this record was granted to a compromised party" });
      p.claim(HB, "Alive", undefined, { label: "HB6", goal: "P and R are alive" });
      p.claim(HB, "Weakagree", undefined, { label: "HB7", peer: P });
      p.claim(HB, "Niagree", undefined, { label: "HB8" });
      p.claim(HB, "Nisynch", undefined, { label: "HB9", expect: "Fail", goal: "no replayed request or grant is accepted — fails in the model only because the relay is stateless (docs/abstractions.md §12.9); replay is stopped by the nonce checks on both chains" });

      p.phase("access");
      const sigAck = sign(skHB, a(HB), rec, nB, hash("ack", D2, h));
      p.claim(HB, "Running", undefined, { label: "HB10", peer: R, data: [rec, nB, hash("ack", D2, h)], goal: "HB acknowledges; R should agree" });
      p.message("ak1", HB, R, tuple(a(HB), rec, nB, hash("ack", D2, h), sigAck), {
        channel: "chainB",
        description: "HB acknowledges on chain B: the ciphertext and blob it received",
        checks: [
          p.check("sig", "verify-signature", sigAck, "HB's Ed25519 signature on the acknowledgement verifies"),
          p.check("nonce", "equals", nB, "the acknowledgement names the delivered request"),
        ],
      });
      p.claim(HA, "Secret", m, { label: "HA1", ...perRecord, goal: "the data key stays secret unless this record was granted to a compromised party" });
      p.claim(HA, "Secret", phr, { label: "HA2", ...perRecord, goal: "the PHR stays secret unless this record was granted to a compromised party" });
      p.claim(R, "Alive", undefined, { label: "R2", goal: "HB is alive" });
      p.claim(R, "Commit", undefined, { label: "R3", peer: HB, data: [rec, nB, hash("ack", D2, h)], goal: "R agrees with HB on what HB acknowledged" });

      // BAN. Each chain's own registry is read directly; the other chain's registry and events reach a
      // party only through the relay committee, which is trusted on exactly those (jurisdiction over
      // the foreign key and over "HA said …"), never on what HB or P said: their signatures travel with
      // the messages and are checked under the certified keys. Freshness comes from HB's nonce nB and
      // the request's validity window tsB. The grant's re-encryption key, bound to (HB, rec, nB), is
      // idealised as P stating what the grant gives HB. In the fixed construction that is the data key m
      // of this one record: the token re-encrypts the one ciphertext C' it names, and the statement is
      // about this record's m and no other. The pre-fix key rk = pk2_HB^{a1} gives more: unwrapped with
      // HB's key it is g2^{a1}, P's decryption capability for every record, so its idealisation is P
      // sharing that capability (carried by sk_pre(P) inside rk) with HB, not a secret about this m.
      const pkHA = p.pk(HA, "ecdsaA");
      const pkP = p.pk(P, "ecdsaA");
      const pkHB = p.pk(HB, "ed25519B");
      const pkR = p.pk(R, "committee");
      const anchor = B.and(...commitment);
      // The request includes its source and destination chains: P must know HB meant this request for
      // chain A, not a request made for another chain and replayed here (cross-chain domain separation).
      const reqF = B.and(a(HB), a(P), rec, nB, tsB, chainB, chainA);
      const grantF = B.and(a(P), a(HB), rec, nB, hash("rk", rk));
      const keyGood = record ? B.secret(HB, P, m) : B.secret(HB, P, preP.sk);
      const delivery = B.and(rec, a(HB), nB, cid, h, D2, hash("rk", rk));
      const ackF = B.and(a(HB), rec, nB, hash("ack", D2, h));
      p.ban.assume("P-pkHA", B.believes(P, B.pubKey(HA, pkHA)));
      p.ban.assume("P-pkR", B.believes(P, B.pubKey(R, pkR)));
      p.ban.assume("P-R-certifies-HB", B.believes(P, B.controls(R, B.pubKey(HB, pkHB))));
      p.ban.assume("P-fresh-tsB", B.believes(P, B.fresh(tsB)));
      p.ban.assume("R-pkHB", B.believes(R, B.pubKey(HB, pkHB)));
      p.ban.assume("R-pkP", B.believes(R, B.pubKey(P, pkP)));
      p.ban.assume("R-pkHA", B.believes(R, B.pubKey(HA, pkHA)));
      p.ban.assume("HB-pkR", B.believes(HB, B.pubKey(R, pkR)));
      p.ban.assume("HB-R-certifies-P", B.believes(HB, B.controls(R, B.pubKey(P, pkP))));
      p.ban.assume("HB-R-reports-anchor", B.believes(HB, B.controls(R, B.said(HA, anchor))));
      p.ban.assume("HB-fresh-nB", B.believes(HB, B.fresh(nB)));
      p.ban.assume("HB-P-controls-key", B.believes(HB, B.controls(P, keyGood)));
      p.ban.idealise("an1", B.signed(anchor, pkHA));
      p.ban.idealise("rq1", B.signed(reqF, pkHB));
      p.ban.idealise("rq2", B.and(B.signed(reqF, pkHB), B.signed(B.and(reqF, B.pubKey(HB, pkHB)), pkR)));
      p.ban.idealise("gr1", B.and(B.signed(B.and(grantF, keyGood), pkP), B.signed(anchor, pkHA)));
      p.ban.idealise("dl1", B.and(B.signed(B.and(grantF, keyGood), pkP), B.signed(B.and(chainA, chainB, delivery, B.pubKey(P, pkP), B.said(HA, anchor)), pkR)));
      p.ban.idealise("ak1", B.signed(ackF, pkHB));
      // The committee's proofs vouch for registry entries the messages do not carry: the key is read from the other chain's registry.
      p.ban.interpret("rq2", B.pubKey(HB, pkHB), "the committee's proof covers chain B's registry entry binding HB to its Ed25519 key; the key is read from that registry, not carried in rq2");
      p.ban.interpret("dl1", B.pubKey(P, pkP), "the committee's proof covers chain A's registry entry binding P to its ECDSA key; the key is read from that registry, not carried in dl1");
      p.ban.goal("P-HA-anchored", B.believes(P, B.said(HA, anchor)), "P believes her record (CID, blob hash, ciphertext) was anchored by HA");
      p.ban.goal("P-HB-key", B.believes(P, B.pubKey(HB, pkHB)), "P believes the chain-B key is HB's (a foreign cryptosystem, certified through the committee)");
      p.ban.goal("P-HB-current", B.believes(P, B.believes(HB, reqF)), "P agrees with HB on the request (with its source and destination chains), and it is current");
      p.ban.goal("P-request-fresh", B.believes(P, B.fresh(reqF)), "P believes the request is fresh (no replayed request is granted)");
      p.ban.goal("R-HB-requested", B.believes(R, B.said(HB, reqF)), "the committee relays only a request HB signed");
      p.ban.goal("R-P-granted", B.believes(R, B.said(P, B.and(grantF, keyGood))), "the relay re-encrypts only under a grant the record's owner signed");
      p.ban.goal("R-HA-anchored", B.believes(R, B.said(HA, anchor)), "the relay re-encrypts the ciphertext HA anchored");
      p.ban.goal("HB-P-key", B.believes(HB, B.pubKey(P, pkP)), "HB believes the chain-A key is P's (certified through the committee)");
      p.ban.goal("HB-P-current", B.believes(HB, B.believes(P, grantF)), "HB agrees with P on the grant, and it answers HB's own request now");
      p.ban.goal("HB-grant-fresh", B.believes(HB, B.fresh(grantF)), "HB believes the grant is fresh (no replayed grant is accepted)");
      p.ban.goal("HB-R-current", B.believes(HB, B.believes(R, delivery)), "HB agrees with the relay on the delivered re-encryption and the record it names");
      p.ban.goal("HB-HA-anchored", B.believes(HB, B.said(HA, anchor)), "HB believes the CID and blob hash it checks are the ones HA anchored");
      p.ban.goal(
        "HB-key-good",
        B.believes(HB, keyGood),
        record
          ? "HB believes the data key m is a good secret between P and HB"
          : "HB believes P's PRE decryption capability g2^{a1} (which opens every record of P, not just this one) is a secret between P and HB: what the pre-fix grant gives",
      );
      p.ban.goal("R-HB-acknowledged", B.believes(R, B.said(HB, ackF)), "the acknowledgement on chain B is attributable to HB (accountability)");
    },
  );
}

/** The share with the record-bound grant: what everything runs. */
export const share = shareProtocol({ grant: "record" });

/** The pre-fix share (one re-encryption key per patient and requester), kept to show the cross-record attack. */
export const sharePrefix = shareProtocol({ grant: "per-patient" });

/** Both sub-protocols, in the order they run. */
export const medexchain = [upload, share] as const;
