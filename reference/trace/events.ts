// Trace events: what every role did, in the spec's vocabulary, with the concrete bytes. The demo
// and the tests record them; the conformance checker reads them back.
import { appendFileSync } from "node:fs";
import { MedExChainError } from "../../protocol/errors.ts";
export type TraceEvent =
  | {
      readonly kind: "send" | "recv";
      readonly run: string;
      readonly protocol: string;
      readonly role: string;
      readonly agent: string;
      readonly label: string;
      readonly peer: string;
      readonly channel: string;
      readonly bytes: string;
      readonly fields: Readonly<Record<string, string>>;
      readonly chain?: string;
      readonly txHash?: string;
      readonly seq: number;
    }
  | {
      readonly kind: "check";
      readonly run: string;
      readonly protocol: string;
      readonly role: string;
      readonly agent: string;
      readonly label: string;
      readonly check: string;
      readonly ok: boolean;
      readonly detail?: string;
      readonly seq: number;
    }
  | {
      readonly kind: "claim";
      readonly run: string;
      readonly protocol: string;
      readonly role: string;
      readonly agent: string;
      readonly claim: string;
      readonly type: string;
      readonly seq: number;
    }
  | {
      /** An agent's registration: how messages name it and its public keys, so conformance can check
       * that every signature was made with the key the spec says (sk of the signing role's agent). */
      readonly kind: "bind";
      readonly agent: string;
      /** Hex of the bytes the agent term takes on the wire (the value of an agent field naming it). */
      readonly identity: string;
      /** Registered public keys, hex, by the spec's key-scheme name (ecdsaA, ed25519B, blsD, pre, committee). */
      readonly keys: Readonly<Record<string, string>>;
      readonly chain?: string;
      readonly txHash?: string;
      readonly seq: number;
    }
  | {
      /** A public constant of this deployment (a chain id), hex as it enters signatures and hashes. */
      readonly kind: "constant";
      readonly name: string;
      readonly value: string;
      readonly seq: number;
    };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Where trace events go: a recorder keeps them in memory and can write JSONL. */
export class TraceRecorder {
  private readonly list: TraceEvent[] = [];
  private seq = 0;

  /** Record one event, stamping its global sequence number. */
  record(e: DistributiveOmit<TraceEvent, "seq">): void {
    this.list.push({ ...e, seq: this.seq++ } as TraceEvent);
  }

  /** All events so far, in order. */
  get events(): readonly TraceEvent[] {
    return this.list;
  }

  /** JSON Lines, one event a line. */
  toJsonl(): string {
    return this.list.map((e) => JSON.stringify(e)).join("\n") + (this.list.length ? "\n" : "");
  }
}

/** A recorder that keeps nothing: a long-running party run without a trace file. */
export class DiscardTrace extends TraceRecorder {
  override record(): void {}
}

/** A recorder for a long-running party: each event is appended to a JSONL file, none kept in memory. */
export class FileTrace extends TraceRecorder {
  private n = 0;
  constructor(readonly path: string) {
    super();
  }

  override record(e: DistributiveOmit<TraceEvent, "seq">): void {
    appendFileSync(this.path, JSON.stringify({ ...e, seq: this.n++ }) + "\n");
  }
}

/** Parse a JSONL trace, rejecting lines that are not trace events. */
export function parseTrace(text: string, source = "trace"): TraceEvent[] {
  const out: TraceEvent[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      throw new TraceFormatError(`${source}:${i + 1}: not JSON`);
    }
    const k = (e as { kind?: unknown }).kind;
    if (typeof e !== "object" || e === null || !["send", "recv", "check", "claim", "bind", "constant"].includes(k as string))
      throw new TraceFormatError(`${source}:${i + 1}: not a trace event (kind must be send, recv, check, claim, bind or constant)`);
    out.push(e as TraceEvent);
  });
  return out;
}

export class TraceFormatError extends MedExChainError {
  constructor(message: string) {
    super("E_TRACE_FORMAT", message, "traces are written by `npx medexchain demo` or the test suite (out/**/trace.jsonl); pass one of those");
  }
}
