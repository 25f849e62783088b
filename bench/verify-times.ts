// Scyther wall time per claim and the BAN proof time, read from `medexchain verify`'s reports when
// they exist (the benchmark does not re-run the verifier: it takes minutes and has its own command).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One Scyther claim's time. */
export interface ClaimTime {
  protocol: string;
  role: string;
  label: string;
  type: string;
  status: string;
  seconds: number;
}

/** Verification times, or why there are none. */
export interface VerifyTimes {
  present: boolean;
  source: string;
  scyther?: { version: string; maxRuns: number; claims: ClaimTime[]; totalSeconds: number; maxSeconds: number; wallSeconds: number };
  ban?: { elapsedMs: number; protocols: number };
}

interface ScytherReport {
  scyther?: { version?: string };
  settings?: { maxRuns?: number };
  claims?: { protocol: string; role: string; label: string; type: string; status: string; seconds: number }[];
  wallSeconds?: number;
}

/** Reads out/verify/report.json and ban.json under `root` (absent files: present = false). */
export function readVerifyTimes(root: string): VerifyTimes {
  const dir = join(root, "out", "verify");
  const report = join(dir, "report.json");
  if (!existsSync(report)) return { present: false, source: "out/verify/report.json (absent: run `medexchain verify`)" };
  const r = JSON.parse(readFileSync(report, "utf8")) as ScytherReport;
  const claims = (r.claims ?? []).map((c) => ({ protocol: c.protocol, role: c.role, label: c.label, type: c.type, status: c.status, seconds: c.seconds }));
  const out: VerifyTimes = {
    present: true,
    source: "out/verify/report.json",
    scyther: {
      version: r.scyther?.version ?? "unknown",
      maxRuns: r.settings?.maxRuns ?? 0,
      claims,
      totalSeconds: claims.reduce((n, c) => n + c.seconds, 0),
      maxSeconds: Math.max(0, ...claims.map((c) => c.seconds)),
      wallSeconds: r.wallSeconds ?? 0,
    },
  };
  const banFile = join(dir, "ban.json");
  if (existsSync(banFile)) {
    const b = JSON.parse(readFileSync(banFile, "utf8")) as { elapsedMs?: number; protocols?: unknown[] };
    out.ban = { elapsedMs: b.elapsedMs ?? 0, protocols: b.protocols?.length ?? 0 };
  }
  return out;
}
