// The relay committee as a long-running service that can die at any moment and resume from the
// chains alone. Each pass looks at what the chains say is still to do — a request on B not yet
// recorded or not yet accepted on A, a grant on A not yet re-encrypted, an answer on A not yet
// recorded or not yet delivered to B — and does exactly that; the contracts' replay protection
// (each source step consumed once) and status checks make every step happen at most once, and the
// next pass makes it happen at least once. It keeps no state of its own between passes.
import { bytesToHex, hexToBytes, type Hex, type LocalAccount } from "viem";
import type { ChainSet } from "../chains/adapter.ts";
import type { MedExChainDeployment } from "../chains/deploy.ts";
import { ContractRevertError } from "../chains/errors.ts";
import { committeeProof, messageFromOutbound, type RelayMessage } from "../chains/relay-proof.ts";
import { decodeReKey, decodeSecondLevelCiphertext, encodeFirstLevelCiphertext, preReEncrypt } from "../crypto/index.ts";

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

const GRANTED = 2;

/** The relay service over one deployment. */
export class RelayService {
  constructor(
    private readonly chains: ChainSet,
    private readonly d: MedExChainDeployment,
    private readonly members: readonly LocalAccount[],
    private readonly threshold: number,
    private readonly crash: (point: CrashPoint) => void = () => {},
  ) {}

  private get submitter(): LocalAccount {
    return this.members[0]!;
  }

  /** One pass over everything still to do. */
  async pass(): Promise<PassReport> {
    const r: PassReport = { recorded: 0, accepted: 0, reEncrypted: 0, delivered: 0, refused: [] };
    for (const ev of await this.chains.b.events({ contract: this.d.b.exchange, eventName: "Outbound" })) await this.carry(messageFromOutbound(this.chains.b, ev), "request", r);
    await this.reEncryptGranted(r);
    for (const ev of await this.chains.a.events({ contract: this.d.a.phrIndex, eventName: "Outbound" })) await this.carry(messageFromOutbound(this.chains.a, ev), "delivery", r);
    return r;
  }

  /** Record `m` on the relay chain and submit it to its destination, each only if not done yet. */
  private async carry(m: RelayMessage, kind: "request" | "delivery", r: PassReport): Promise<void> {
    const key = [m.srcChainId, m.srcContract, m.srcEntryHash] as const;
    const [recorded, delivered] = await Promise.all([
      this.d.relay.relayLog.read("isConsumed", [...key]),
      kind === "request" ? this.d.a.phrIndex.read("isConsumed", [...key]) : this.d.b.exchange.read("isConsumed", [...key]),
    ]);
    if (recorded && delivered) return;
    const proof = await committeeProof(this.members.slice(0, this.threshold), m);
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

  /** Re-encrypt every request chain A shows granted and not yet re-encrypted. */
  private async reEncryptGranted(r: PassReport): Promise<void> {
    const phr = this.d.a.phrIndex;
    for (const g of await this.chains.a.events({ contract: phr, eventName: "Granted" })) {
      const a = g.args as { requestId: Hex; recordId: Hex; reKey: Hex; patientSig: Hex };
      const q = await phr.read("getRequest", [a.requestId]);
      if (Number(q.status) !== GRANTED) continue;
      const [anchored] = await this.chains.a.events({ contract: phr, eventName: "RecordAnchored", args: { recordId: a.recordId } });
      if (!anchored) continue;
      const c2 = decodeSecondLevelCiphertext(hexToBytes(anchored.args.preCiphertext as Hex));
      const d2 = encodeFirstLevelCiphertext(preReEncrypt(decodeReKey(hexToBytes(a.reKey)), c2));
      await phr.send(this.submitter, "markReEncrypted", [a.requestId, bytesToHex(d2), a.patientSig]);
      r.reEncrypted += 1;
      this.crash("after-mark");
    }
  }
}
