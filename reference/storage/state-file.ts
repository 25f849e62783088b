// A party's persistent state as one JSON file in the data directory it owns. A save writes a
// temporary file beside it, flushes it to disk and renames it over the old one: the rename is atomic,
// so a crash at any moment leaves either the old state or the new one, never a torn mix. bigint
// values (block numbers, chain-event arguments) survive the round trip.
//
// A long-running service commits instead of saving: the write and its fsync run on libuv's thread
// pool rather than blocking the event loop (a synchronous fsync per pass held each service's loop
// for about a third of the wall time under load), and commits that arrive while a write is in flight
// share the next write (group commit). A commit resolves once a write that began after it was called
// is on disk, so "commit, then act" keeps its meaning; the state written is the caller's object as it
// is when that write begins, which may include later changes (a service's in-memory state is
// consistent at every await, so that is a state it could have saved itself).
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { mkdir, open, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { MedExChainError } from "../../protocol/errors.ts";

/** The state file exists but cannot be read as the state it should hold. */
export class StateFileError extends MedExChainError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super("E_STATE_FILE", `the state file ${path} ${detail}`, "restore it from a backup or remove it to start the party from the chains' beginning (it then re-reads history; the contracts' replay protection keeps every step to once)");
  }
}

// A state object must not use "$bigint" as a key of its own (it tags bigints).
const BIGINT = "$bigint";

/** JSON with bigints tagged, so block numbers and event arguments keep their type. */
export function encodeState(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? { [BIGINT]: v.toString() } : v));
}

/** The inverse of encodeState. */
export function decodeState<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => (v !== null && typeof v === "object" && BIGINT in v && Object.keys(v).length === 1 ? BigInt((v as Record<string, string>)[BIGINT]!) : v)) as T;
}

/** One state file of type T, with its initial value used when the file does not exist yet. */
export class StateFile<T> {
  private seq = 0;
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private latest: T | undefined;

  constructor(
    readonly path: string,
    private readonly initial: () => T,
  ) {}

  /** The saved state, or the initial one if nothing was saved yet. */
  load(): T {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return this.initial();
      throw new StateFileError(this.path, `cannot be read (${(e as Error).message})`);
    }
    try {
      return decodeState<T>(text);
    } catch (e) {
      throw new StateFileError(this.path, `is not valid JSON (${(e as Error).message})`);
    }
  }

  /** Replace the saved state with `value`, atomically (temp file, fsync, rename). */
  save(value: T): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.${this.seq++}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, encodeState(value));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }

  /** Make `value` durable (atomically, as save) without blocking the event loop; concurrent commits share one write. */
  commit(value: T): Promise<void> {
    this.latest = value;
    if (!this.queued) {
      const before = this.inFlight ?? Promise.resolve();
      const next: Promise<void> = before
        .catch(() => undefined)
        .then(() => {
          // Encoded when the write begins, so it carries every commit queued behind the previous write.
          this.queued = undefined;
          this.inFlight = next;
          return this.writeAsync(encodeState(this.latest));
        });
      this.queued = next;
    }
    return this.queued;
  }

  private async writeAsync(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.${this.seq++}.tmp`;
    const fh = await open(tmp, "w");
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path);
  }
}

/** A state held in memory only (a party run without a data directory): same interface, nothing persisted. */
export class MemoryState<T> {
  private value: T | undefined;
  constructor(private readonly initial: () => T) {}
  load(): T {
    return this.value === undefined ? this.initial() : (decodeState<T>(encodeState(this.value)));
  }
  save(value: T): void {
    this.value = decodeState<T>(encodeState(value));
  }
  async commit(value: T): Promise<void> {
    this.save(value);
  }
}

/** Where a party keeps its state: a file in its data directory, or memory. */
export type StateStore<T> = Pick<StateFile<T>, "load" | "save" | "commit">;
