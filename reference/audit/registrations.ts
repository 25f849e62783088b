// A pass of the audit over the registries: the proofs of possession the EVM cannot check (the GT half
// of a PRE key, an Ed25519 key) are kept in the registration events, and are checked here against the
// same context the contracts bind the on-chain proofs to (chain id, registry, account, purpose). A
// patient's failing proof is charged to the patient; a hospital's to chain B's registrar, who had to
// check it before registering.
import type { Address, Hex } from "viem";
import { IdentityRegistryAAbi, IdentityRegistryBAbi } from "../contracts/build/abi.ts";
import { eventArgs } from "../chains/typed-events.ts";
import { ROLE_CODES } from "../contracts/codes.ts";
import { checkHospitalKeys, checkPreKeyPossession, PossessionProofError } from "../roles/key-registration.ts";
import type { AuditView } from "./chain-view.ts";
import type { Finding } from "./findings.ts";

const hexBytes = (h: Hex) => Uint8Array.from(Buffer.from(h.slice(2), "hex"));

/** Findings for registrations whose off-chain proofs of possession do not verify. */
export function checkRegistrations(view: AuditView): Finding[] {
  const findings: Finding[] = [];
  const ra = view.contracts.IdentityRegistryA;
  for (const e of ra.events.filter((x) => x.eventName === "PartyRegistered")) {
    const a = eventArgs(IdentityRegistryAAbi, "PartyRegistered", e, ra.label);
    if (Number(a.role) !== ROLE_CODES.patient) continue;
    try {
      checkPreKeyPossession({ chainId: Number(view.chains.A.chainId), registry: ra.address as Address, account: a.account }, hexBytes(a.preKey), hexBytes(a.gtPossession));
    } catch (x) {
      if (!(x instanceof PossessionProofError)) throw x;
      findings.push({ kind: "bad-signature", phase: "REGISTER", chain: "A", party: "P", detail: `patient ${a.account}: ${x.message.split(";")[0]}` });
    }
  }
  const rb = view.contracts.IdentityRegistryB;
  for (const e of rb.events.filter((x) => x.eventName === "HospitalRegistered")) {
    const a = eventArgs(IdentityRegistryBAbi, "HospitalRegistered", e, rb.label);
    try {
      checkHospitalKeys(
        { chainId: Number(view.chains.B.chainId), registry: rb.address as Address, account: a.account },
        { ed25519Key: a.ed25519Key, preKey: a.preKey, g2b2: "0x", possession: "0x", gtPossession: a.gtPossession, ed25519Possession: a.ed25519Possession },
      );
    } catch (x) {
      if (!(x instanceof PossessionProofError)) throw x;
      findings.push({ kind: "bad-signature", phase: "REGISTER", chain: "B", party: "registrar", detail: `hospital ${a.account} registered although ${x.message.split(";")[0]}` });
    }
  }
  return findings;
}
