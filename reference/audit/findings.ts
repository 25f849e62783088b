// What the auditor reports: each finding names its kind, the protocol phase (audit-log phase name),
// the chain it was found on and the party at fault, so a reader knows whom to hold to account.

/** The kinds of finding, from the cheapest check (a log's own hash chain) to cross-chain matching. */
export const FINDING_KINDS = {
  altered: "an entry or event differs from what its hash chain, its stored hash or its payload hash commits to",
  "broken-link": "an entry's prevHash does not name the previous entry",
  gap: "a step that must follow another never happened (an entry, a relay record or a delivery is missing)",
  replay: "the same nonce, source step or decision appears twice",
  "out-of-order": "a step precedes the step it depends on",
  "delivery-without-grant": "chain B accepted a delivery that no grant or refusal on chain A produced",
  forged: "a cross-chain message names a source step that does not exist or says something else",
  "unrecorded-relay": "a message reached its destination without a record on the relay chain",
  "bad-proof": "a committee proof does not verify (threshold, membership, order, digest)",
  "bad-signature": "a party's signature (HB's Ed25519, the patient's, the hospital's) does not verify",
  "bad-reencryption": "the re-encrypted ciphertext is not the re-encryption of the anchored ciphertext under the granted key",
  "ack-mismatch": "the acknowledgement does not cover what was delivered",
  unregistered: "a party acted without the registration its role needs",
  "invalid-request": "a request names a record that is not anchored, or not the patient's",
  unreadable: "a chain or transaction could not be read, so a check could not run",
} as const;

/** A finding kind. */
export type FindingKind = keyof typeof FINDING_KINDS;

/** The parties a finding can blame: protocol roles, or a chain's operator (an insider on that chain). */
export type Party = "D" | "F" | "HA" | "P" | "HB" | "R" | "chain-A" | "chain-B" | "relay-chain" | "registrar";

/** The chains, as findings name them. */
export type AuditChain = "A" | "B" | "relay";

/** One thing the auditor found wrong. */
export interface Finding {
  kind: FindingKind;
  /** Audit-log phase name (ANCHOR, REQUEST, …, RELAY) of the step concerned. */
  phase: string;
  chain: AuditChain;
  party: Party;
  detail: string;
  /** For a finding against the relay committee: the members whose signatures vouch for the faulty step. */
  members?: readonly string[];
}

/** The operator accountable for a chain's log itself (an insider who can rewrite what the chain serves). */
export function operatorOf(chain: AuditChain): Party {
  return chain === "A" ? "chain-A" : chain === "B" ? "chain-B" : "relay-chain";
}
