// The scale benchmark's report: one table row per size, goals judged against the figures (a missed
// goal says no), and a well-formed SVG with one point per size and series.
import { describe, expect, it } from "vitest";
import { scaleMarkdown, scaleSvg } from "../../bench/scale-report.ts";
import { liveHeapGoal, stageBreakdown, type ScaleResults, type ScaleRun } from "../../bench/scale.ts";

const run = (shares: number, rate: number, p95: number): ScaleRun => ({
  shares,
  completed: shares,
  patients: 2,
  recordsPerPatient: shares / 2,
  uploadSeconds: 1,
  wallSeconds: shares / rate,
  sharesPerSecond: rate,
  latencyMs: { p50: p95 / 2, p95, p99: p95 * 1.1, max: p95 * 1.2 },
  gasPerShare: { total: 1_250_000, byChain: { A: 600_000, B: 400_000, relay: 250_000 }, sample: 5 },
  cpuMsPerShare: 700,
  partiesCpuMsPerShare: 500,
  nodesCpuMsPerShare: 200,
  processes: { relay: { cpuSeconds: 1, cpuMsPerShare: 100, rssMiBPeak: 200, rssMiBEnd: 190, rssMiBWarm: 185 }, "node-A": { cpuSeconds: 1, cpuMsPerShare: 60, rssMiBPeak: 150, rssMiBEnd: 150, rssMiBWarm: 140 } },
  stages: [{ from: "handedOver", to: "RequestFiled", p50: 120, p95: 300 }],
  rpcPerShare: { relay: { total: 30, byMethod: { "A.eth_getLogs": 12, "B.eth_call": 18 } } },
  loadAverage: { start: [1], end: [2] },
});

const results = (runs: ScaleRun[]): ScaleResults => ({
  machine: { date: "2026-12-03T00:00:00Z", cpuModel: "test", cores: 2, memoryGiB: 4, os: "linux", node: "v20", loadAverage: [1, 1, 1] },
  options: { sizes: runs.map((r) => r.shares), patients: 2, inFlight: 8 },
  runs,
  chains: [{ chain: "A", transactions: 10, seconds: 1, txPerSecond: 10 }],
  goals: [
    { name: "sustained throughput", measured: runs[runs.length - 1]!.sharesPerSecond, target: "≥ 20 shares/s", met: runs[runs.length - 1]!.sharesPerSecond >= 20 },
  ],
});

describe("the scale report", () => {
  it("has a row per size and says which goals were missed", () => {
    const md = scaleMarkdown(results([run(10, 1.1, 8000), run(100, 1.8, 3000)]));
    expect(md).toMatch(/^\| 10 \| 10 \| 2 × 5 \| 1\.10 \| 4000 \/ 8000 \/ 8800 \|/m);
    expect(md).toMatch(/^\| 100 \| 100 \| 2 × 50 \| 1\.80 \|/m);
    expect(md).toMatch(/^\| sustained throughput \| 1\.80 \| ≥ 20 shares\/s \| no \|$/m);
    expect(md).toMatch(/^\| relay \| 30\.0 \| 30\.0 \| B\.eth_call 18\.0, A\.eth_getLogs 12\.0 \|$/m);
    expect(md).toMatch(/^\| handedOver \| RequestFiled \| 120 \| 300 \|$/m);
    expect(scaleMarkdown(results([run(10, 25, 500)]))).toMatch(/\| sustained throughput \| 25\.00 \| ≥ 20 shares\/s \| yes \|/);
  });

  it("judges memory by the services' live heaps, and shows them beside RSS", () => {
    const r = run(1000, 2, 2500);
    r.processes["relay"] = { ...r.processes["relay"]!, liveHeapMiBWarm: 40, liveHeapMiBEnd: 42.5 };
    r.processes["hospital-b"] = { cpuSeconds: 1, cpuMsPerShare: 90, rssMiBPeak: 220, rssMiBEnd: 296, rssMiBWarm: 225, liveHeapMiBWarm: 38, liveHeapMiBEnd: 41 };
    // RSS grew by 71 MiB, the live heaps by at most 3: bounded.
    expect(liveHeapGoal(r)).toMatchObject({ measured: 3, met: true });
    expect(scaleMarkdown(results([r]))).toMatch(/\| relay \| 100 \(RSS 185 → 190; live 40\.0 → 42\.5\) \|/);
    // A service that keeps something per share is not.
    r.processes["hospital-b"]!.liveHeapMiBEnd = 80;
    expect(liveHeapGoal(r)).toMatchObject({ measured: 42, met: false });
    // Without live heaps (services not asked) nothing is claimed.
    expect(liveHeapGoal(run(10, 1, 1)).met).toBe(false);
  });

  it("plots one point per size and series in a well-formed SVG", () => {
    const svg = scaleSvg(results([run(10, 1.1, 8000), run(100, 1.8, 3000), run(1000, 2, 2500)]));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(3 * 4);
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    expect(svg).toContain(">1000<");
    expect(svg).not.toMatch(/NaN|undefined/);
  });

  it("breaks a share's time into steps, over the shares that reached every step", () => {
    const whole = { handedOver: 0, RequestFiled: 100, RequestAccepted: 300, Granted: 400, ReEncrypted: 700, Delivered: 800, Acknowledged: 1000 };
    const stuck = { handedOver: 0, RequestFiled: 5000 };
    const st = stageBreakdown([whole, stuck]);
    expect(st.map((x) => `${x.from}>${x.to}`)).toEqual(["handedOver>RequestFiled", "RequestFiled>RequestAccepted", "RequestAccepted>Granted", "Granted>ReEncrypted", "ReEncrypted>Delivered", "Delivered>Acknowledged"]);
    expect(st.map((x) => x.p50)).toEqual([100, 200, 100, 300, 100, 200]);
  });
});
