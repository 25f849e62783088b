// The parties' signatures as the auditor re-checks them from chain data alone: each is recomputed
// over the spec term it signs (the same canonical payload the roles sign), so the auditor verifies
// exactly what the protocol says each party vouched for.
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { share } from "../../protocol/specs/medexchain.ts";
import { Binding } from "../wire/binding.ts";
import { keccak256 } from "../crypto/index.ts";
import { edVerifyTerm, ethSigner } from "../semantics/signing.ts";
import { agentOf, atomOf, fieldTerm } from "../semantics/spec-terms.ts";
import { bindComputable, evaluate } from "../semantics/functions.ts";
import { u64 } from "../semantics/scalars.ts";
import { messageOf } from "../wire/codec.ts";

/** The chain ids the request signature binds (chainB, chainA atoms of the spec). */
export interface ChainIds {
  a: bigint;
  b: bigint;
  /** The relay committee's identity (its log contract on the relay chain), which HB's request names. */
  relay: Hex;
}

function binding(ids: ChainIds): Binding {
  const b = new Binding();
  b.set(atomOf(share, "chainA"), u64(ids.a));
  b.set(atomOf(share, "chainB"), u64(ids.b));
  b.set(agentOf("R"), hexToBytes(ids.relay));
  return b;
}

function bytes(fields: Record<string, Hex>): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, hexToBytes(v)]));
}

// A malformed key or signature is simply "does not verify" to an auditor: it reports, never throws.
function safely<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** Whether HB's Ed25519 signature on a request (spec rq1.sig_HB) verifies under the key chain B certified. */
export function requestSignatureValid(ids: ChainIds, r: { requesterKey: Hex; patient: Hex; recordId: Hex; nonce: Hex; timestamp: bigint; requesterSig: Hex }): boolean {
  return safely(() => {
    const b = binding(ids);
    b.absorbLoose(messageOf(share, "rq1"), bytes({ HB: r.requesterKey, P: r.patient, rec: r.recordId, nB: r.nonce, sig_HB: r.requesterSig }));
    b.set(atomOf(share, "tsB"), u64(r.timestamp));
    return edVerifyTerm(hexToBytes(r.requesterKey), fieldTerm(share, "rq1", "sig_HB"), b, hexToBytes(r.requesterSig));
  }, false);
}

/**
 * The address that signed a grant (spec gr1.sig_P over P, HB, HA, rec, nB and the anchored upload
 * commitment D, tsD, cid, h, with H(C') inside hash("rk", rk)); undefined if none recovers.
 */
export function grantSigner(
  ids: ChainIds,
  g: { patient: Hex; requesterKey: Hex; recordId: Hex; nonce: Hex; reKey: Hex; patientSig: Hex; hospital: Hex; device: Hex; timestamp: bigint; cid: Hex; blobHash: Hex; preCiphertext: Hex; evidence: Hex },
): string | undefined {
  return safely<string | undefined>(() => {
    const b = binding(ids);
    b.set(agentOf("P"), hexToBytes(g.patient));
    b.set(agentOf("HA"), hexToBytes(g.hospital));
    b.absorbLoose(messageOf(share, "an1"), bytes({ dev: g.device, tsD: bytesToHex(u64(g.timestamp)), cid: g.cid, blobhash: g.blobHash, pre_P: g.preCiphertext, sig_HA: g.evidence }));
    b.absorbLoose(messageOf(share, "gr1"), bytes({ rec: g.recordId, HB: g.requesterKey, nB: g.nonce, rk_P_HB: g.reKey }));
    b.set(fieldTerm(share, "dl1", "rk"), keccak256(hexToBytes(g.reKey)));
    const sig = fieldTerm(share, "gr1", "sig_P");
    return ethSigner(sig, bindComputable(sig, b), hexToBytes(g.patientSig));
  }, undefined);
}

/** The address that signed a record's anchoring (spec an1.sig_HA over rec, P, D, tsD, cid, h, C'); undefined if none recovers. */
export function anchorSigner(ids: ChainIds, a: { recordId: Hex; owner: Hex; device: Hex; timestamp: bigint; cid: Hex; blobHash: Hex; preCiphertext: Hex; evidence: Hex }): string | undefined {
  return safely<string | undefined>(() => {
    const b = binding(ids);
    b.absorbLoose(messageOf(share, "an1"), bytes({ rec: a.recordId, P: a.owner, dev: a.device, tsD: bytesToHex(u64(a.timestamp)), cid: a.cid, blobhash: a.blobHash, pre_P: a.preCiphertext }));
    return ethSigner(fieldTerm(share, "an1", "sig_HA"), b, hexToBytes(a.evidence));
  }, undefined);
}

/** The acknowledgement hash HB should sign for a delivery: hash("ack", D2, h). */
export function expectedAckHash(ids: ChainIds, d: { reCiphertext: Hex; blobHash: Hex }): Hex | undefined {
  return safely<Hex | undefined>(() => {
    const b = binding(ids);
    b.absorbLoose(messageOf(share, "dl1"), bytes({ reenc_HB: d.reCiphertext, blobhash: d.blobHash }));
    return `0x${Buffer.from(evaluate(fieldTerm(share, "ak1", "ack"), b)).toString("hex")}` as Hex;
  }, undefined);
}

/** Whether HB's Ed25519 signature on an acknowledgement (spec ak1.sig_HB over HB, rec, nB, ack) verifies. */
export function ackSignatureValid(ids: ChainIds, k: { requesterKey: Hex; recordId: Hex; nonce: Hex; ackHash: Hex; sig: Hex }): boolean {
  return safely(() => {
    const b = binding(ids);
    b.absorbLoose(messageOf(share, "ak1"), bytes({ HB: k.requesterKey, rec: k.recordId, nB: k.nonce, ack: k.ackHash }));
    return edVerifyTerm(hexToBytes(k.requesterKey), fieldTerm(share, "ak1", "sig_HB"), b, hexToBytes(k.sig));
  }, false);
}
