// Forged relay proofs against chain A's acceptRequest: too few signatures, a signer outside the
// committee, a message claiming the wrong source chain, and a proof made for another event. Each
// is reverted by the contract with the named check, rejected off-chain by the same check the
// patient runs (verifyProof), and consumes nothing: the genuine message is accepted afterwards.
import { keccak256, type Hex, type LocalAccount } from "viem";
import { committeeProof, relayDigest, RelayProofError, verifyProof, type RelayMessage } from "../../reference/chains/relay-proof.ts";
import { labelledAccount } from "../../reference/chains/dev-accounts.ts";
import { auditDeployment } from "../../reference/audit/auditor.ts";
import type { Deployment } from "../../scenario/setup.ts";
import { attempt, describe, reverted, type Evidence, type Scenario } from "./scenario.ts";
import { onFreshChains } from "../../scenario/fresh-deployment.ts";
import { anchorRecord, carryRequest, fileRequest } from "../../scenario/share-steps.ts";
import { committee, inventedEntry, outboundMessage, proveAll, submitToA } from "./rogue-relay.ts";

/** How a forger builds its (message, proof) from the genuine request message. */
type Forge = (dep: Deployment, genuine: RelayMessage) => Promise<{ message: RelayMessage; proof: Hex }>;

async function offChainReason(dep: Deployment, m: RelayMessage, proof: Hex): Promise<string> {
  const c = dep.world.deployment.committee;
  try {
    await verifyProof(relayDigest(m), proof, c.members, c.threshold);
    return "accepted";
  } catch (e) {
    return e instanceof RelayProofError ? e.reason : "untyped error";
  }
}

/** A scenario: forge, submit (must revert with `error`), check off-chain, then carry the genuine message. */
function forgery(name: string, error: string, what: string, forge: Forge, opts: { offChain: boolean }): Scenario {
  return {
    name: `forged relay proof: ${name}`,
    expected: `chain A reverts acceptRequest with ${error}${opts.offChain ? ", the patient's off-chain proof check fails with the same reason" : ""}; nothing is consumed — the genuine request is carried afterwards and the audit is clean`,
    party: "R (forging relay)",
    run: (ev: Evidence) =>
      onFreshChains(`forged-${name}`, async ({ dep }) => {
        await anchorRecord(dep, "1");
        const { txHash } = await fileRequest(dep, "1");
        const genuine = await outboundMessage(dep, "B", txHash);
        const { message, proof } = await forge(dep, genuine);
        const onA = await attempt(submitToA(dep, message, proof));
        ev.check(reverted(onA, error), `${what}: ${describe(onA)}`);
        if (opts.offChain) {
          const reason = await offChainReason(dep, message, proof);
          ev.check(reason === error, `off-chain verifyProof: ${reason}`);
        }
        const honest = await attempt(carryRequest(dep, "1", txHash));
        ev.check(honest.kind === "accepted", `the genuine request carried afterwards: ${describe(honest)}`);
        const audit = await auditDeployment(dep.world.deployment);
        ev.check(audit.clean, `audit: ${audit.clean ? "clean" : audit.findings.map((f) => f.kind).join(", ")}`);
      }),
  };
}

const outsiderKey: LocalAccount = labelledAccount("attacks-forger");

export const tooFewSignatures = forgery(
  "too few signatures",
  "InsufficientSignatures",
  "one member's signature where the threshold is two",
  async (dep, m) => ({ message: m, proof: await committeeProof(committee(dep).slice(0, dep.parties.threshold - 1), m) }),
  { offChain: true },
);

export const unknownMember = forgery(
  "unknown committee member",
  "UnknownSigner",
  "one member and one outsider sign",
  async (dep, m) => ({ message: m, proof: await committeeProof([committee(dep)[0]!, outsiderKey], m) }),
  { offChain: true },
);

export const wrongSourceChain = forgery(
  "wrong source chain id",
  "WrongSourceChain",
  "the full committee signs the request as if it came from the relay chain",
  async (dep, m) => {
    const message = { ...m, srcChainId: BigInt(dep.world.chains.relay.profile.chainId) };
    return { message, proof: await proveAll(dep, message) };
  },
  { offChain: false },
);

export const wrongEvent = forgery(
  "wrong event",
  "UnknownSigner",
  "a valid committee proof for another event (another source entry) attached to the request",
  async (dep, m) => ({ message: m, proof: await proveAll(dep, { ...m, srcEntryHash: inventedEntry("another-event") }) }),
  { offChain: true },
);

/** The colluding variant of "wrong event": the committee itself signs a message naming a source entry chain B never wrote. */
export const collusiveWrongEvent: Scenario = {
  name: "forged relay proof: colluding committee names a wrong source event",
  expected: "chain A cannot see chain B's log and accepts the well-signed message, but the auditor finds that its source entry is not the request's and names R (forged)",
  party: "R (colluding committee)",
  run: (ev) =>
    onFreshChains("forged-collusive", async ({ dep }) => {
      await anchorRecord(dep, "1");
      const { txHash } = await fileRequest(dep, "1");
      const genuine = await outboundMessage(dep, "B", txHash);
      const message = { ...genuine, srcEntryHash: keccak256(genuine.payload) };
      const onA = await attempt(submitToA(dep, message, await proveAll(dep, message)));
      ev.note(`chain A: ${describe(onA)}`);
      const audit = await auditDeployment(dep.world.deployment);
      const named = audit.findings.filter((f) => f.kind === "forged" && f.party === "R");
      ev.check(named.length > 0, `auditor: ${named.map((f) => `${f.kind} (${f.phase}, chain ${f.chain}, party ${f.party})`).join(", ") || "nothing"}`);
    }),
};
