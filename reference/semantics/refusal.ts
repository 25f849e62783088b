// The patient's refusal. It is not a spec message: in the spec, refusing is P's consent check failing,
// which ends her run. Chain A still records the refusal so HB's request does not hang, and the patient
// signs it over spec terms, "refuse"(rec, nB, HB). That lets HB, the relay and the auditor check who
// refused which request, and a refusal the record's owner did not sign is told apart from one she did.
import type { Hex } from "viem";
import { hexToBytes } from "viem";
import type { ProtocolSpec } from "../../protocol/language.ts";
import type { Term } from "../../protocol/terms.ts";
import { ethRecover } from "../crypto/index.ts";
import { Binding } from "../wire/binding.ts";
import { hashTerm } from "./signing.ts";
import { agentOf, atomOf } from "./spec-terms.ts";

/** The term the patient signs to refuse: "refuse"(rec, nB, HB). */
export function refusalTerm(spec: ProtocolSpec): Term & { kind: "hash" } {
  return { kind: "hash", fn: "refuse", items: [atomOf(spec, "rec"), atomOf(spec, "nB"), agentOf("HB")] };
}

/** The digest the patient signs to refuse request (rec, nB) of the hospital whose Ed25519 key is `hb`. */
export function refusalDigest(spec: ProtocolSpec, r: { rec: Uint8Array; nB: Uint8Array; hb: Uint8Array }): Uint8Array {
  const b = new Binding();
  b.set(atomOf(spec, "rec"), r.rec);
  b.set(atomOf(spec, "nB"), r.nB);
  b.set(agentOf("HB"), r.hb);
  return hashTerm(refusalTerm(spec), b);
}

/** The address that signed a refusal, or undefined when the signature does not recover. */
export function refusalSigner(spec: ProtocolSpec, r: { recordId: Hex; nonce: Hex; requesterKey: Hex | Uint8Array; patientSig: Hex }): string | undefined {
  try {
    const hb = typeof r.requesterKey === "string" ? hexToBytes(r.requesterKey) : r.requesterKey;
    return ethRecover(refusalDigest(spec, { rec: hexToBytes(r.recordId), nB: hexToBytes(r.nonce), hb }), hexToBytes(r.patientSig));
  } catch {
    return undefined;
  }
}
