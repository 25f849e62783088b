// The relay committee's signers: each member runs in its own worker thread (member-worker.ts) with its
// own key, so the coordinating relay process never holds a threshold of keys and cannot sign anything
// a member did not check. A proof is assembled from the members that agreed, t of them in address
// order (the contracts' format); fewer than t agreeing is a typed refusal naming who refused and why.
import { Worker } from "node:worker_threads";
import { bytesToHex, type Address, type Hex } from "viem";
import { encodeProof, type CommitteeSignature, type ReEncryptionClaim, type RelayMessage } from "../chains/relay-proof.ts";
import { ProtocolViolation } from "../semantics/violations.ts";
import type { MemberAnswer, MemberTask } from "./member-check.ts";
import { decodeState, encodeState } from "../storage/state-file.ts";

const BOOTSTRAP = new URL("./ts-worker.mjs", import.meta.url);
const ENTRY = new URL("./member-worker.ts", import.meta.url).href;

/** A member as the coordinator knows it before starting it: its address and the key its worker will hold. */
export interface MemberKey {
  readonly address: Address;
  readonly key: Hex;
}

/** Fewer than t members agreed to sign: nothing is submitted. */
export class ThresholdNotReached extends ProtocolViolation {
  constructor(
    readonly what: string,
    readonly signed: number,
    readonly refusals: readonly { member: Address; reason: string }[],
    readonly threshold: number,
  ) {
    super("E_THRESHOLD", `${what}: ${signed} members signed, ${threshold} needed, nothing submitted; refused by ${refusals.map((r) => `${r.member} (${r.reason})`).join("; ")}`);
    this.name = "ThresholdNotReached";
  }
}

/** A member the coordinator asks to sign: a worker thread here, or a member process elsewhere. */
interface Member {
  readonly address: Address;
  ask(job: MemberTask): Promise<MemberAnswer>;
  close(): Promise<void>;
}

/** A member running as its own process (member-server.ts), asked over HTTP. */
class RemoteMember implements Member {
  private nextId = 0;
  constructor(
    readonly address: Address,
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async ask(job: MemberTask): Promise<MemberAnswer> {
    const id = this.nextId++;
    try {
      const res = await fetch(new URL("/sign", this.url), { method: "POST", headers: { "content-type": "application/json" }, body: encodeState({ ...job, id }), signal: AbortSignal.timeout(this.timeoutMs) });
      const a = decodeState<MemberAnswer>(await res.text());
      if (!res.ok) return { id, refused: `member answered HTTP ${res.status}` };
      return a;
    } catch (e) {
      // A member that is down or restarting counts as not signing; t of n still make a proof.
      return { id, refused: `member unavailable: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  async close(): Promise<void> {}
}

class MemberWorker implements Member {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (a: MemberAnswer) => void>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(readonly address: Address, key: Hex) {
    this.worker = new Worker(BOOTSTRAP, { workerData: { entry: ENTRY, key } });
    // Idle workers must not keep the process alive; one with a job outstanding must.
    this.worker.unref();
    this.worker.on("message", (m: MemberAnswer | { ready: Address }) => {
      if ("ready" in m) return;
      const done = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      done?.(m);
    });
    this.worker.on("error", (e) => this.fail(e));
    this.worker.on("exit", (code) => this.fail(new Error(`worker exited with code ${code}`)));
  }

  private fail(e: Error): void {
    this.failure = e;
    for (const [id, done] of this.pending) done({ id, refused: `member unavailable: ${e.message}` });
    this.pending.clear();
  }

  ask(job: MemberTask): Promise<MemberAnswer> {
    const id = this.nextId++;
    if (this.failure) return Promise.resolve({ id, refused: `member unavailable: ${this.failure.message}` });
    return new Promise((resolve) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...job, id });
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error("committee closed");
    await this.worker.terminate();
  }
}

/** The committee's members, each in its own worker, started on first use. */
export class CommitteeSigners {
  private workers: Member[] | undefined;
  private turn = 0;
  readonly addresses: readonly Address[];

  constructor(
    private readonly members: readonly MemberKey[] | readonly { address: Address; url: string }[],
    readonly threshold: number,
    private readonly timeoutMs = 10_000,
  ) {
    this.addresses = members.map((m) => m.address);
  }

  /** The committee as member processes at `members` (each `serve member`), none of whose keys this process holds. */
  static remote(members: readonly { address: Address; url: string }[], threshold: number, timeoutMs?: number): CommitteeSigners {
    return new CommitteeSigners(members, threshold, timeoutMs);
  }

  /** The committee of `identities` (their secp256k1 keys, each handed to its own worker only). */
  static of(identities: readonly { eth: { sk: Uint8Array }; account: { address: Address } }[], threshold: number): CommitteeSigners {
    return new CommitteeSigners(identities.map((m) => ({ address: m.account.address, key: bytesToHex(m.eth.sk) })), threshold);
  }

  private started(): Member[] {
    this.workers ??= this.members.map((m) => ("url" in m ? new RemoteMember(m.address, m.url, this.timeoutMs) : new MemberWorker(m.address, m.key)));
    return this.workers;
  }

  /** A proof that t members vouch for carrying `m`. */
  relayProof(m: RelayMessage): Promise<Hex> {
    return this.collect(`relay message ${m.srcEntryHash}`, { kind: "relay", message: m });
  }

  /** A proof that t members recomputed the re-encryption in `c` and found it correct. */
  reEncryptionProof(c: ReEncryptionClaim): Promise<Hex> {
    return this.collect(`re-encryption of request ${c.requestId}`, { kind: "reencryption", claim: c });
  }

  private async collect(what: string, job: MemberTask): Promise<Hex> {
    const workers = this.started();
    // t members are asked first, a different t each time (the work spreads over the committee); the
    // others only if some of those refuse or are down. Every member asked still checks for itself, and
    // the contracts still require t distinct members' signatures: asking n when t agree only made n − t
    // members recompute a re-encryption nobody needed.
    const start = this.turn++ % workers.length;
    const order = workers.map((_, i) => workers[(start + i) % workers.length]!);
    const sigs: CommitteeSignature[] = [];
    const refusals: { member: Address; reason: string }[] = [];
    let asked = 0;
    while (sigs.length < this.threshold && asked < order.length) {
      const batch = order.slice(asked, asked + (this.threshold - sigs.length));
      asked += batch.length;
      const answers = await Promise.all(batch.map((w) => w.ask(job)));
      answers.forEach((a, i) => ("signature" in a ? sigs.push({ signer: batch[i]!.address, signature: a.signature }) : refusals.push({ member: batch[i]!.address, reason: a.refused })));
    }
    if (sigs.length < this.threshold) throw new ThresholdNotReached(what, sigs.length, refusals, this.threshold);
    sigs.sort((x, y) => (x.signer.toLowerCase() < y.signer.toLowerCase() ? -1 : 1));
    return encodeProof(sigs.slice(0, this.threshold));
  }

  /** Stop every member's worker. */
  async close(): Promise<void> {
    await Promise.all((this.workers ?? []).map((w) => w.close()));
  }
}
