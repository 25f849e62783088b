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
import { B } from "./ban.ts";
import { protocol, type Builder } from "./language.ts";
import { hash, preEnc, reEnc, reKey, rerand, senc, sign, tuple, type Term } from "./terms.ts";

const family = "MedExChain";
const source = "protocol/medexchain.ts";

/** The key schemes: chain A and chain B use different cryptosystems; the relay bridges them. */
function schemes(p: Builder): void {
  p.scheme({ name: "ecdsaA", use: "signature", algorithm: "secp256k1 ECDSA over keccak256 (Ethereum accounts)", registeredOn: "chainA" });
  p.scheme({ name: "ed25519B", use: "signature", algorithm: "Ed25519 (RFC 8032)", registeredOn: "chainB" });
  p.scheme({ name: "blsD", use: "signature", algorithm: "BLS12-381 unique signatures (device; no subliminal channel)", registeredOn: "chainA" });
  p.scheme({ name: "pre", use: "pre", algorithm: "AFGH-2006 unidirectional single-hop PRE on BLS12-381", registeredOn: "chainA/chainB" });
  p.scheme({ name: "committee", use: "committee", algorithm: "t-of-n secp256k1 ECDSA committee, checked on-chain with ecrecover", registeredOn: "chainA/chainB/relay" });
}

/** The encrypted blob and its content addresses: the data key k = KDF(m) seals the record. */
function blobTerms(m: Term, phr: Term) {
  const blob = senc(hash("kdf", m), phr);
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
    const { blob, cid, h } = blobTerms(m, phr);
    const C = preEnc(pkP, m);
    const C2 = rerand(C, s);
    const a = p.agent.bind(p);

    const sigD = sign(skD, a(D), a(HA), a(P), cid, h, C, tsD);
    p.message("up1", D, F, tuple(a(D), a(HA), a(P), blob, C, tsD, sigD), {
      description: "D: fresh m, k = KDF(m), blob = AEAD_k(phr); C = PRE.Enc(pk_P, m); BLS signature over the upload",
      checks: [
        p.check("sig", "verify-signature", sigD, "the device's BLS signature verifies under its registered key"),
        p.check("registered", "registered", a(D), "the device key is registered to patient P"),
        p.check("ts", "timestamp", tsD, "the device timestamp lies within the freshness window"),
      ],
    });
    p.claim(D, "Running", undefined, { label: "D1", peer: HA, data: [cid, h, tsD], goal: "D starts an upload HA should agree on" });

    const sigF = sign(skF, a(D), a(HA), a(P), cid, h, C2, tsD);
    p.message("up2", F, HA, tuple(a(D), a(P), cid, h, C2, tsD, sigF), {
      description: "F: stores the blob by CID, re-randomises C into C' = (c1·g1^s, c2·pk1^s), countersigns",
      checks: [
        p.check("sig", "verify-signature", sigF, "the firewall's signature verifies"),
        p.check("registered", "registered", a(D), "the device is registered to P on chain A"),
        p.check("hash", "hash", h, "the blob fetched by CID hashes to h"),
        p.check("replay", "fresh-nonce", tsD, "(D, tsD) has not been anchored before"),
        p.check("ts", "timestamp", tsD, "the device timestamp lies within the freshness window"),
      ],
    });
    p.claim(HA, "Commit", undefined, { label: "HA1", peer: D, data: [cid, h, tsD], goal: "HA agrees with D on the upload" });
    p.claim(HA, "Alive", undefined, { label: "HA2", goal: "D and F are alive" });
    p.claim(HA, "Niagree", undefined, { label: "HA3", goal: "HA agrees with D and F on the upload (non-injective)" });
    p.claim(HA, "Nisynch", undefined, { label: "HA4", goal: "the upload was not replayed or reordered" });

    p.claim(D, "Secret", m, { label: "D2", goal: "the data key stays secret" });
    p.claim(D, "Secret", phr, { label: "D3", goal: "the PHR stays secret" });
    p.claim(F, "Alive", undefined, { label: "F1", goal: "the device is alive" });

    // BAN: HA trusts the firewall to speak for the device (the firewall verified the device's unique
    // signature before re-randomising, which the symbolic logic cannot see through).
    const pkF = p.pk(F, "ecdsaA");
    const upl = B.and(cid, h, C2, tsD);
    p.ban.assume("HA-pkF", B.believes(HA, B.pubKey(F, pkF)));
    p.ban.assume("HA-F-controls-upload", B.believes(HA, B.controls(F, B.said(D, upl))));
    p.ban.assume("HA-F-controls-good", B.believes(HA, B.controls(F, B.believes(F, B.said(D, upl)))));
    p.ban.assume("HA-fresh-tsD", B.believes(HA, B.fresh(tsD)));
    p.ban.idealise("up2", B.signed(B.and(upl, B.said(D, upl), B.believes(F, B.said(D, upl))), pkF));
    p.ban.goal("HA-believes-D-said-upload", B.believes(HA, B.said(D, upl)), "HA believes the device produced this upload (via its firewall)");
    p.ban.goal("HA-believes-F-believes", B.believes(HA, B.believes(F, B.said(D, upl))), "HA believes the firewall vouched for this upload now");
    void blob;
  },
);

export const share = protocol(
  {
    name: "MedExChainShare",
    title: "MedExChain cross-chain share: request on chain B → grant on chain A → re-encrypted delivery on chain B",
    source,
    family,
    description:
      "HB requests a record on chain B with a fresh nonce; the relay committee carries it with a proof to chain A; the patient checks HB's chain-B-certified key and grants a re-encryption key bound to the request; the relay re-encrypts the anchored ciphertext and delivers it with a proof to chain B; HB decrypts, checks the blob and acknowledges.",
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
    const { blob, cid, h } = blobTerms(m, phr);
    const C2 = preEnc(preP.pk, m);
    const sigHA = sign(skHA, rec, a(P), cid, h, C2);
    p.message("an1", HA, P, tuple(rec, a(P), cid, h, C2, sigHA), {
      channel: "chainA",
      description: "HA anchors (rec, P, CID, blob hash, C') on chain A; the patient reads her record there",
      checks: [
        p.check("sig", "verify-signature", sigHA, "the anchoring transaction is signed by a registered hospital account"),
        p.check("registered", "registered", a(HA), "HA is a registered hospital on chain A"),
        p.check("owner", "equals", a(P), "the record's owner is P"),
        p.check("chain", "chain-id", rec, "the record lives on chain A"),
      ],
    });
    p.message("in1", P, HB, tuple(a(P), rec), {
      description: "the patient, now at hospital B, hands it her record reference (out of band: QR code, card)",
      checks: [p.check("registered", "registered", a(P), "P is a registered patient on chain A (read through the relay)")],
    });

    p.phase("request");
    const nB = p.fresh(HB, "nB", "Nonce");
    const tsB = p.fresh(HB, "tsB", "Timestamp");
    const req = [a(HB), a(P), rec, nB, tsB] as const;
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
    const rk = reKey(preP.sk, preHB.pk);
    const grant = [a(P), a(HB), rec, nB, hash("rk", rk)] as const;
    const sigP = sign(skP, ...grant);
    p.claim(P, "Running", undefined, { label: "P4", peer: HB, data: [rec, nB, hash("rk", rk)], goal: "P grants; HB should agree" });
    p.message("gr1", P, R, tuple(rec, a(HB), nB, cid, h, C2, sigHA, rk, sigP), {
      channel: "chainA",
      description: "P grants: rk_{P→HB} = pk2_HB^{a1}, bound to (HB, rec, nB) by P's chain-A signature; recorded on chain A, where the relay reads it with the record it names",
      checks: [
        p.check("sig", "verify-signature", sigP, "the grant is signed by the record's owner"),
        p.check("record", "verify-signature", sigHA, "the record the grant names was anchored by a registered hospital"),
        p.check("owner", "registered", a(P), "P owns rec on chain A"),
        p.check("pending", "equals", nB, "the grant answers a pending request with the same nonce"),
      ],
    });

    p.phase("transfer");
    const D2 = reEnc(rk, C2);
    const dl = [rec, a(HB), nB, cid, h, D2, hash("rk", rk), sigP] as const;
    const proofA = sign(skR, hash("relay", chainA, chainB, ...dl));
    p.claim(R, "Running", undefined, { label: "R1", peer: HB, data: [rec, nB, D2], goal: "R delivers; HB should agree" });
    p.message("dl1", R, HB, tuple(...dl, proofA), {
      channel: "chainB",
      description: "R re-encrypts C' with rk (one pairing) and delivers it to chain B with a committee proof over the grant event",
      checks: [
        p.check("proof", "relay-proof", proofA, "t-of-n committee signatures over the delivery and its chain-A grant event"),
        p.check("chain", "chain-id", chainB, "the delivery is addressed to chain B and comes from chain A"),
        p.check("grant", "verify-signature", sigP, "P's chain-A signature on the grant verifies (a foreign cryptosystem on chain B)"),
        p.check("nonce", "equals", nB, "the delivery answers HB's own request nonce"),
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
    p.claim(HB, "Commit", undefined, { label: "HB2", peer: P, data: [rec, nB, hash("rk", rk)], goal: "HB agrees with P on the grant" });
    p.claim(HB, "Commit", undefined, { label: "HB3", peer: R, data: [rec, nB, D2], goal: "HB agrees with R on the delivered ciphertext" });
    p.claim(HB, "Secret", m, { label: "HB4", goal: "the data key stays secret from the network, the relay and chain operators" });
    p.claim(HB, "Secret", phr, { label: "HB5", goal: "the PHR stays secret" });
    p.claim(HB, "Alive", undefined, { label: "HB6", goal: "P and R are alive" });
    p.claim(HB, "Weakagree", undefined, { label: "HB7" });
    p.claim(HB, "Niagree", undefined, { label: "HB8" });
    p.claim(HB, "Nisynch", undefined, { label: "HB9", goal: "no replayed request or grant is accepted" });

    p.phase("access");
    const sigAck = sign(skHB, a(HB), rec, nB, hash("ack", D2, h));
    p.message("ak1", HB, R, tuple(a(HB), rec, nB, hash("ack", D2, h), sigAck), {
      channel: "chainB",
      description: "HB acknowledges on chain B: the ciphertext and blob it received",
      checks: [
        p.check("sig", "verify-signature", sigAck, "HB's Ed25519 signature on the acknowledgement verifies"),
        p.check("nonce", "equals", nB, "the acknowledgement names the delivered request"),
      ],
    });
    p.claim(HA, "Secret", m, { label: "HA1", goal: "the data key stays secret" });
    p.claim(HA, "Secret", phr, { label: "HA2", goal: "the PHR stays secret" });
    p.claim(R, "Alive", undefined, { label: "R2", goal: "HB is alive" });

    // BAN idealisation. The committee is trusted to report what was said on the other chain
    // (jurisdiction over "X said Y"); nonces and timestamps give freshness.
    const pkR = p.pk(R, "committee");
    const pkHB = p.pk(HB, "ed25519B");
    const pkP = p.pk(P, "ecdsaA");
    const reqF = B.and(a(HB), rec, nB, tsB);
    const grantF = B.and(a(HB), rec, nB, hash("rk", rk));
    p.ban.assume("P-pkR", B.believes(P, B.pubKey(R, pkR)));
    p.ban.assume("P-R-controls-request", B.believes(P, B.controls(R, B.said(HB, reqF))));
    p.ban.assume("P-pkHB", B.believes(P, B.controls(R, B.pubKey(HB, pkHB))));
    p.ban.assume("P-fresh-tsB", B.believes(P, B.fresh(tsB)));
    p.ban.assume("HB-pkR", B.believes(HB, B.pubKey(R, pkR)));
    p.ban.assume("HB-R-controls-grant", B.believes(HB, B.controls(R, B.said(P, grantF))));
    p.ban.assume("HB-pkP", B.believes(HB, B.controls(R, B.pubKey(P, pkP))));
    p.ban.assume("HB-fresh-nB", B.believes(HB, B.fresh(nB)));
    p.ban.assume("HB-P-controls-key", B.believes(HB, B.controls(P, B.secret(HB, P, m))));
    p.ban.idealise("rq2", B.signed(B.and(B.said(HB, reqF), B.pubKey(HB, pkHB), reqF), pkR));
    p.ban.idealise("dl1", B.signed(B.and(B.said(P, B.and(grantF, B.secret(HB, P, m))), B.pubKey(P, pkP), grantF), pkR));
    p.ban.goal("P-believes-HB-requested", B.believes(P, B.said(HB, reqF)), "P believes HB filed this request");
    p.ban.goal("P-believes-request-fresh", B.believes(P, B.fresh(reqF)), "P believes the request is fresh (no replay)");
    p.ban.goal("P-believes-HB-key", B.believes(P, B.pubKey(HB, pkHB)), "P believes HB's chain-B key is HB's");
    p.ban.goal("HB-believes-P-granted", B.believes(HB, B.believes(P, B.and(grantF, B.secret(HB, P, m)))), "HB believes P granted this request now");
    p.ban.goal("HB-believes-key-good", B.believes(HB, B.secret(HB, P, m)), "HB believes the data key is a good secret shared with P");
    p.ban.goal("HB-believes-P-key", B.believes(HB, B.pubKey(P, pkP)), "HB believes P's chain-A key is P's");
  },
);

/** Both sub-protocols, in the order they run. */
export const medexchain = [upload, share] as const;
