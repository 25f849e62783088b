// A sampling CPU profile of this process's main thread (V8's profiler through node:inspector) while
// the shares run, folded into self time per function and per library: where the time goes.
import { Session } from "node:inspector/promises";

/** Self time of one function (or one library) in the profile. */
export interface ProfileEntry {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

/** The folded profile. */
export interface ProfileSummary {
  totalMs: number;
  topFunctions: ProfileEntry[];
  byLibrary: ProfileEntry[];
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Which library a frame belongs to (package name or project folder; V8's pseudo-frames by kind). */
export function libraryOf(url: string, functionName = ""): string {
  if (functionName === "(idle)") return "idle (awaiting blocks and I/O)";
  if (functionName === "(garbage collector)") return "garbage collector";
  if (functionName === "(program)") return "V8 (program)";
  if (!url) return "native code (EVM, hashing add-ons)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = url.slice(nm + "node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith("node:")) return "node";
  const m = /\/(reference\/[^/]+|protocol|bench|cli)\//.exec(url);
  return m ? m[1]! : "other";
}

/** Fold a V8 CPU profile into self time per function and per library (sample-weighted). */
export function foldProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  const fn = new Map<string, ProfileEntry>();
  const lib = new Map<string, ProfileEntry>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    if (!n) continue;
    const ms = us / 1000;
    total += ms;
    const where = libraryOf(n.callFrame.url, n.callFrame.functionName);
    const short = n.callFrame.url ? `${where}:${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber + 1}` : where;
    const name = n.callFrame.functionName || "(anonymous)";
    const key = `${name}@${short}`;
    const f = fn.get(key) ?? { name, where: short, selfMs: 0, share: 0 };
    f.selfMs += ms;
    fn.set(key, f);
    const l = lib.get(where) ?? { name: where, where, selfMs: 0, share: 0 };
    l.selfMs += ms;
    lib.set(where, l);
  }
  const rank = (xs: Iterable<ProfileEntry>, k: number) =>
    [...xs]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, k)
      .map((e) => ({ ...e, selfMs: Math.round(e.selfMs * 100) / 100, share: total > 0 ? Math.round((e.selfMs / total) * 1000) / 1000 : 0 }));
  return { totalMs: Math.round(total), topFunctions: rank(fn.values(), top), byLibrary: rank(lib.values(), 12) };
}

/** Run `f` under the CPU profiler and return its result with the folded profile. */
export async function profiled<T>(f: () => Promise<T>, top = 15): Promise<{ value: T; profile: ProfileSummary }> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 500 });
    await session.post("Profiler.start");
    const stop = async () => ((await session.post("Profiler.stop")) as unknown as { profile: CpuProfile }).profile;
    let value: T;
    try {
      value = await f();
    } catch (e) {
      await stop();
      throw e;
    }
    const profile = await stop();
    return { value, profile: foldProfile(profile, top) };
  } finally {
    session.disconnect();
  }
}
