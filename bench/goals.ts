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

/**
 * Issue 15's budgets for the record-bound grant (reported, never asserted): computation per share on
 * the backend the demo ships (mcl-wasm in the P, R, HB steps), the device's upload with its PRE
 * precomputation, and the bytes a share adds on the wire (the share messages without the re-read
 * anchored record; the encoded figure with those re-reads is judged as issue 9's goal).
 */
export function judgeBudgets(m: { computeMsPerShareDemoBackend: number; deviceMsPerUploadPrecomputed: number; transmittedBytesPerShare: number }): Goal[] {
  return [
    goal("computation per share, all parties, demo backend", m.computeMsPerShareDemoBackend, "max", 25, "ms"),
    goal("device per upload with precomputation", m.deviceMsPerUploadPrecomputed, "max", 3, "ms"),
    goal("bytes a share adds on the wire", m.transmittedBytesPerShare, "max", 1920, "B"),
  ];
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
