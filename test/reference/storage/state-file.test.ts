// A party's state file: what is saved is what is loaded (bigints included), a process killed in the
// middle of a save leaves the previous state or the new one, never a torn file, and a damaged file is
// a typed error rather than a silent fresh start.
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { StateFile, StateFileError, decodeState, encodeState, MemoryState } from "../../../reference/storage/state-file.ts";

const dir = mkdtempSync(join(tmpdir(), "medex-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.bigInt(), fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.string().filter((k) => k !== "$bigint" && k !== "__proto__"), tie("value"), { maxKeys: 4 })),
})).value;

describe("state encoding", () => {
  it("round-trips values with bigints (property)", () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(decodeState(encodeState(v))).toEqual(v);
      }),
    );
  });
});

describe("a state file", () => {
  it("loads the initial state before the first save, and what was saved after", () => {
    const f = new StateFile(join(dir, "a", "s.json"), () => ({ block: 0n, seen: [] as string[] }));
    expect(f.load()).toEqual({ block: 0n, seen: [] });
    f.save({ block: 12345678901234567890n, seen: ["x"] });
    expect(new StateFile(join(dir, "a", "s.json"), () => ({ block: 0n, seen: [] })).load()).toEqual({ block: 12345678901234567890n, seen: ["x"] });
    expect(readdirSync(join(dir, "a"))).toEqual(["s.json"]);
  });

  it("commits off the event loop: commits made together share one write, and the last state is on disk when they resolve", async () => {
    const path = join(dir, "c", "s.json");
    const f = new StateFile(path, () => ({ n: 0 }));
    const s = { n: 0 };
    const commits: Promise<void>[] = [];
    for (let i = 1; i <= 50; i++) {
      s.n = i;
      commits.push(f.commit(s));
    }
    expect(new Set(commits).size).toBe(1);
    await Promise.all(commits);
    expect(new StateFile(path, () => ({ n: -1 })).load()).toEqual({ n: 50 });
    // A commit made while a write is in flight gets a later write, which carries its change.
    s.n = 51;
    const first = f.commit(s);
    s.n = 52;
    await Promise.resolve();
    const second = f.commit(s);
    await second;
    await first;
    expect(new StateFile(path, () => ({ n: -1 })).load()).toEqual({ n: 52 });
    expect(readdirSync(join(dir, "c"))).toEqual(["s.json"]);
  });

  it("rejects a commit that cannot be written", async () => {
    writeFileSync(join(dir, "not-a-dir"), "x");
    await expect(new StateFile(join(dir, "not-a-dir", "s.json"), () => ({})).commit({ a: 1 })).rejects.toThrow();
  });

  it("refuses a damaged file with E_STATE_FILE instead of starting afresh", () => {
    const path = join(dir, "damaged.json");
    writeFileSync(path, '{"block": {"$bigint": "1"');
    const f = new StateFile(path, () => ({}));
    expect(() => f.load()).toThrow(StateFileError);
    expect(() => f.load()).toThrow(/E_STATE_FILE|not valid JSON/);
  });

  it("keeps a memory state apart from the caller's object", () => {
    const m = new MemoryState(() => ({ n: 0n, list: [] as number[] }));
    const v = m.load();
    v.list.push(1);
    m.save(v);
    v.list.push(2);
    expect(m.load()).toEqual({ n: 0n, list: [1] });
  });

  it("a writer killed at any moment of a save leaves the old or the new state, never a torn one", async () => {
    const path = join(dir, "torn.json");
    const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
    const script = join(import.meta.dirname, "state-writer.ts");
    let kills = 0;
    let lastSeen = 0;
    for (let i = 0; i < 6; i++) {
      const child = fork(script, [path], { execArgv: ["--import", loader], stdio: ["ignore", "ignore", "pipe", "ipc"] });
      try {
        await new Promise<void>((resolve, reject) => {
          child.once("message", () => resolve());
          child.once("exit", (c) => reject(new Error(`writer exited early with ${c}`)));
        });
        await new Promise((r) => setTimeout(r, 20 + 37 * i));
      } finally {
        child.kill("SIGKILL");
        await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once("exit", r)));
      }
      kills++;
      const s = new StateFile(path, () => ({ v: -1, pad: "", check: -7 })).load() as { v: number; pad: string; check: number };
      expect(s.v).toBeGreaterThanOrEqual(1);
      expect(s.check).toBe(s.v * 7);
      expect(s.pad).toHaveLength(400_000);
      lastSeen = s.v;
    }
    expect(kills).toBe(6);
    expect(lastSeen).toBeGreaterThan(0);
  }, 60_000);
});
