// The goals, judged against the measured figures; a missed goal says by how much.

/** One goal and whether this run met it. */
export interface Goal {
  name: string;
  target: number;
  measured: number;
  unit: string;
  /** "max": measured must not exceed target; "min": must reach it */
  kind: "max" | "min";
  met: boolean;
  /** how far from the target, in the unit (positive when missed) */
  missedBy: number;
  /** missedBy relative to the target */
  missedByRatio: number;
}

/** Judge one goal. */
export function goal(name: string, measured: number, kind: Goal["kind"], target: number, unit: string): Goal {
  const gap = kind === "max" ? measured - target : target - measured;
  return { name, target, measured, unit, kind, met: gap <= 0, missedBy: Math.max(0, gap), missedByRatio: Math.max(0, gap) / target };
}

/** The goals of issue 9. */
export function judgeGoals(m: { computeMsPerShare: number; deviceMsPerUpload: number; bytesPerShare: number; e2eMsPerShare: number; sharesPerSecond: number }): Goal[] {
  return [
    goal("total computation per share", m.computeMsPerShare, "max", 49, "ms"),
    goal("device per upload", m.deviceMsPerUpload, "max", 5, "ms"),
    goal("bytes per share", m.bytesPerShare, "max", 1920, "B"),
    goal("end-to-end latency of one share", m.e2eMsPerShare, "max", 1000, "ms"),
    goal("sustained throughput", m.sharesPerSecond, "min", 20, "shares/s"),
  ];
}
