// The relay committee as a long-running service that can die at any moment and resume from the
// chains alone. Each pass looks at what the chains say is still to do — a request on B not yet
// recorded or not yet accepted on A, a grant on A not yet re-encrypted, an answer on A not yet
// recorded or not yet delivered to B — and does exactly that; the contracts' replay protection
// (each source step consumed once) and status checks make every step happen at most once, and the
// next pass makes it happen at least once. It keeps no state of its own between passes.
// Before vouching for anything it runs the spec's receive-side checks, as the in-process relay role
// does (reference/roles/relay.ts): a request HB did not sign is not carried to chain A, and a grant the
// record's owner did not sign for that request is not re-encrypted. Both are reported as refused.
import { bytesToHex, type Hex, type LocalAccount } from "viem";
import type { ChainSet } from "../chains/adapter.ts";
import type { MedExChainDeployment } from "../chains/deploy.ts";
import { ContractRevertError } from "../chains/errors.ts";
import { messageFromOutbound, type RelayMessage } from "../chains/relay-proof.ts";
import { recomputeReEncryption } from "../committee/reencryption-check.ts";
import type { CommitteeSigners } from "../committee/committee-signers.ts";
import type { ChainEvent } from "../chains/adapter.ts";
import { decodeDeliveryMessage, decodeRequestMessage, OUTCOME } from "../chains/messages.ts";
import { REQUEST_STATUS_A } from "../contracts/codes.ts";
import { isInputRejection } from "../semantics/errors.ts";
import { Relay } from "../roles/relay.ts";
import { makeWorld } from "../roles/world.ts";
import { MemoryBlobStore } from "../storage/memory-blob-store.ts";

/** Points where a test can make the relay process die (exit code 137, as if killed). */
export const CRASH_POINTS = ["after-record:request", "after-accept", "after-mark", "after-record:delivery", "after-deliver"] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** What one pass did. */
export interface PassReport {
  recorded: number;
  accepted: number;
  reEncrypted: number;
  delivered: number;
  /** Steps a destination contract refused on content (not retried within this pass). */
  refused: string[];
}

/** The relay service over one deployment. */
export class RelayService {
  constructor(
    private readonly chains: ChainSet,
    private readonly d: MedExChainDeployment,
    private readonly committee: CommitteeSigners,
    private readonly submitter: LocalAccount,
    private readonly crash: (point: CrashPoint) => void = () => {},
  ) {}

  /** One pass over everything still to do. */
  async pass(): Promise<PassReport> {
    const r: PassReport = { recorded: 0, accepted: 0, reEncrypted: 0, delivered: 0, refused: [] };
    // The spec's checks run on a relay role of this pass only: nothing carries over to the next pass.
    const checker = new Relay(makeWorld(this.chains, this.d, new MemoryBlobStore()), this.committee, this.submitter);
    const requests = await this.chains.b.events({ contract: this.d.b.exchange, eventName: "Outbound" });
    for (const ev of requests) await this.carry(messageFromOutbound(this.chains.b, ev), "request", r, () => checker.checkRequest(`carry-${ev.transactionHash}`, ev));
    await this.reEncryptGranted(r, checker, requests);
    // Deliveries of re-encryptions were checked before re-encrypting; refusals are checked here.
    for (const ev of await this.chains.a.events({ contract: this.d.a.phrIndex, eventName: "Outbound" })) {
      const m = messageFromOutbound(this.chains.a, ev);
      const refusal = decodeDeliveryMessage(m.payload).outcome === OUTCOME.refused;
      await this.carry(m, "delivery", r, refusal ? () => checker.checkRefusal(ev) : undefined);
    }
    return r;
  }

  /** Run a step's checks; a message that fails them is reported as refused and not acted on. */
  private async passes(check: () => Promise<unknown>, what: string, r: PassReport): Promise<boolean> {
    try {
      await check();
      return true;
    } catch (e) {
      // What the chains hold is input like any other: a malformed or forged entry is refused and the
      // pass goes on, rather than stopping the relay on every pass from then on.
      if (!isInputRejection(e)) throw e;
      r.refused.push(`${what}: ${e.message}`);
      return false;
    }
  }

  /** Record `m` on the relay chain and submit it to its destination, each only if not done yet and its checks pass. */
  private async carry(m: RelayMessage, kind: "request" | "delivery", r: PassReport, check?: () => Promise<unknown>): Promise<void> {
    const key = [m.srcChainId, m.srcContract, m.srcEntryHash] as const;
    const [recorded, delivered] = await Promise.all([
      this.d.relay.relayLog.read("isConsumed", [...key]),
      kind === "request" ? this.d.a.phrIndex.read("isConsumed", [...key]) : this.d.b.exchange.read("isConsumed", [...key]),
    ]);
    if (recorded && delivered) return;
    let proof: Hex | undefined;
    const signed = async () => {
      if (check) await check();
      proof = await this.committee.relayProof(m);
    };
    if (!(await this.passes(signed, `${kind} ${m.srcEntryHash}`, r)) || !proof) return;
    if (!recorded) {
      await this.d.relay.relayLog.send(this.submitter, "record", [m, proof]);
      r.recorded += 1;
      this.crash(`after-record:${kind}`);
    }
    if (!delivered) {
      try {
        if (kind === "request") await this.d.a.phrIndex.send(this.submitter, "acceptRequest", [m, proof]);
        else await this.d.b.exchange.send(this.submitter, "deliver", [m, proof]);
      } catch (e) {
        // A message the destination refuses on content (say, a request for a record chain A does not hold)
        // is reported, not retried in a loop; replay protection means it was never half-applied.
        if (e instanceof ContractRevertError) {
          r.refused.push(`${kind} ${m.srcEntryHash}: ${e.errorName}`);
          return;
        }
        throw e;
      }
      if (kind === "request") r.accepted += 1;
      else r.delivered += 1;
      this.crash(kind === "request" ? "after-accept" : "after-deliver");
    }
  }

  /** Re-encrypt every request chain A shows granted and not yet re-encrypted, once request and grant check out. */
  private async reEncryptGranted(r: PassReport, checker: Relay, requests: readonly ChainEvent[]): Promise<void> {
    const phr = this.d.a.phrIndex;
    let byId: Map<string, ChainEvent> | undefined;
    for (const g of await this.chains.a.events({ contract: phr, eventName: "Granted" })) {
      const a = phr.argsOf("Granted", g);
      const q = await phr.read("getRequest", [a.requestId]);
      if (Number(q.status) !== REQUEST_STATUS_A.granted) continue;
      // The grant is checked against the request it answers, read again from chain B.
      byId ??= new Map(requests.map((ev) => [decodeRequestMessage(messageFromOutbound(this.chains.b, ev).payload).requestId.toLowerCase(), ev]));
      const request = byId.get(a.requestId.toLowerCase());
      if (!request) {
        r.refused.push(`grant ${a.requestId}: no request with this id on chain B`);
        continue;
      }
      const run = `grant-${a.requestId}`;
      let out: { d2: Uint8Array; patientSig: Hex; proof: Hex } | undefined;
      const ok = await this.passes(
        async () => {
          await checker.checkRequest(run, request);
          const { fields, patientSig } = await checker.checkGrant(run);
          const d2 = recomputeReEncryption(fields["rk_P_HB"]!, fields["pre_P"]!);
          // Each member recomputes the re-encryption itself before it signs (member-worker.ts).
          out = { d2, patientSig, proof: await this.committee.reEncryptionProof(checker.reEncryptionClaim(a.requestId, fields, d2)) };
        },
        `grant ${a.requestId}`,
        r,
      );
      if (!ok || !out) continue;
      await phr.send(this.submitter, "markReEncrypted", [a.requestId, bytesToHex(out.d2), out.patientSig, out.proof]);
      r.reEncrypted += 1;
      this.crash("after-mark");
    }
  }
}
