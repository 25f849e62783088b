// The scale benchmark's Markdown table and its plot, an SVG written by hand (no plotting library is
// a dependency): throughput and latency p50/p95/p99 against the number of shares, log-scaled N.
import type { ScaleResults } from "./scale.ts";

const f1 = (x: number) => x.toFixed(1);
const f0 = (x: number) => x.toFixed(0);

/** One process's cell: CPU per share, RSS warm → end, live heap warm → end (services). */
function processCell(u: ScaleResults["runs"][number]["processes"][string] | undefined): string {
  if (!u) return "–";
  const live = u.liveHeapMiBWarm !== undefined && u.liveHeapMiBEnd !== undefined ? `; live ${f1(u.liveHeapMiBWarm)} → ${f1(u.liveHeapMiBEnd)}` : "";
  return `${f0(u.cpuMsPerShare)} (RSS ${f0(u.rssMiBWarm)} → ${f0(u.rssMiBEnd)}${live})`;
}

/** The scale figures as Markdown. */
export function scaleMarkdown(r: ScaleResults): string {
  const m = r.machine;
  const lines = [
    `Measured ${m.date.slice(0, 10)} on ${m.cpuModel} × ${m.cores} cores, Node ${m.node}; every party a separate process on three \`hardhat node\` chains; ${r.options.inFlight} shares in flight at most.`,
    "",
    "| shares | completed | patients × records | shares/s | latency p50 / p95 / p99 (ms) | CPU per share, all processes (ms) | … parties / chain nodes (ms) | gas per share | peak RSS of the largest service (MiB) | load avg start → end |",
    "|---:|---:|---|---:|---|---:|---|---:|---:|---|",
    ...r.runs.map((x) => {
      const services = Object.entries(x.processes).filter(([n]) => !n.startsWith("node-"));
      const [bigName, big] = services.sort((a, b) => b[1].rssMiBPeak - a[1].rssMiBPeak)[0] ?? ["-", { rssMiBPeak: 0 }];
      return `| ${x.shares} | ${x.completed} | ${x.patients} × ${x.recordsPerPatient} | ${x.sharesPerSecond.toFixed(2)} | ${f0(x.latencyMs.p50)} / ${f0(x.latencyMs.p95)} / ${f0(x.latencyMs.p99)} | ${f0(x.cpuMsPerShare)} | ${f0(x.partiesCpuMsPerShare)} / ${f0(x.nodesCpuMsPerShare)} | ${x.gasPerShare.total.toLocaleString("en-US")} | ${f1(big.rssMiBPeak)} (${bigName}) | ${x.loadAverage.start[0]} → ${x.loadAverage.end[0]} |`;
    }),
    "",
    "CPU milliseconds per share by process (RSS after warm-up → at the end, MiB; for services also the live heap after a full collection, warm-up → end, MiB):",
    "",
    `| process | ${r.runs.map((x) => `${x.shares} shares`).join(" | ")} |`,
    `|---|${r.runs.map(() => "---:").join("|")}|`,
    ...[...new Set(r.runs.flatMap((x) => Object.keys(x.processes)))].sort().map((n) => `| ${n} | ${r.runs.map((x) => processCell(x.processes[n])).join(" | ")} |`),
    "",
    `Where a share's time goes at ${r.runs[r.runs.length - 1]?.shares ?? "-"} shares (each step as first seen on its chain; median / p95, ms):`,
    "",
    "| from | to | p50 | p95 |",
    "|---|---|---:|---:|",
    ...(r.runs[r.runs.length - 1]?.stages ?? []).map((st) => `| ${st.from} | ${st.to} | ${f0(st.p50)} | ${f0(st.p95)} |`),
    "",
    "JSON-RPC calls per share each service made (its own count; polling included):",
    "",
    `| service | ${r.runs.map((x) => `${x.shares} shares`).join(" | ")} | most frequent at ${r.runs[r.runs.length - 1]?.shares ?? "-"} |`,
    `|---|${r.runs.map(() => "---:").join("|")}|---|`,
    ...[...new Set(r.runs.flatMap((x) => Object.keys(x.rpcPerShare ?? {})))].sort().map((n) => {
      const last = r.runs[r.runs.length - 1]?.rpcPerShare?.[n];
      const top = last ? Object.entries(last.byMethod).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([m, k]) => `${m} ${f1(k)}`).join(", ") : "";
      return `| ${n} | ${r.runs.map((x) => (x.rpcPerShare?.[n] ? f1(x.rpcPerShare[n]!.total) : "–")).join(" | ")} | ${top} |`;
    }),
    "",
    "The chains alone (plain transfers from six accounts at once, no parties running):",
    "",
    "| chain | transactions | transfers/s |",
    "|---|---:|---:|",
    ...r.chains.map((c) => `| ${c.chain} | ${c.transactions} | ${f1(c.txPerSecond)} |`),
    "",
    "| goal | measured | target | met |",
    "|---|---:|---|---|",
    ...r.goals.map((g) => `| ${g.name} | ${g.measured.toFixed(2)} | ${g.target} | ${g.met ? "yes" : "no"} |`),
    "",
  ];
  return lines.join("\n");
}

/** Throughput and latency against N, as a standalone SVG. */
export function scaleSvg(r: ScaleResults): string {
  const W = 760;
  const H = 320;
  const pad = { l: 60, r: 20, t: 40, b: 50 };
  const pw = (W - pad.l - pad.r - 60) / 2;
  const ph = H - pad.t - pad.b;
  const ns = r.runs.map((x) => x.shares);
  const lx = (n: number) => Math.log10(n);
  const [minX, maxX] = [Math.min(...ns.map(lx)), Math.max(...ns.map(lx))];
  const sx = (n: number, x0: number) => x0 + (maxX === minX ? pw / 2 : ((lx(n) - minX) / (maxX - minX)) * pw);
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const panel = (x0: number, title: string, unit: string, series: { name: string; color: string; ys: number[] }[], goal?: number) => {
    const maxY = Math.max(1, goal ?? 0, ...series.flatMap((s) => s.ys)) * 1.1;
    const sy = (y: number) => pad.t + ph - (y / maxY) * ph;
    const out = [`<text x="${x0 + pw / 2}" y="${pad.t - 16}" text-anchor="middle" font-size="14">${esc(title)}</text>`];
    out.push(`<line x1="${x0}" y1="${pad.t + ph}" x2="${x0 + pw}" y2="${pad.t + ph}" stroke="#333"/><line x1="${x0}" y1="${pad.t}" x2="${x0}" y2="${pad.t + ph}" stroke="#333"/>`);
    for (let i = 0; i <= 4; i++) {
      const y = (maxY / 4) * i;
      out.push(`<text x="${x0 - 6}" y="${sy(y) + 4}" text-anchor="end" font-size="11">${y >= 100 ? y.toFixed(0) : y.toFixed(1)}</text><line x1="${x0}" y1="${sy(y)}" x2="${x0 + pw}" y2="${sy(y)}" stroke="#eee"/>`);
    }
    for (const n of ns) out.push(`<text x="${sx(n, x0)}" y="${pad.t + ph + 16}" text-anchor="middle" font-size="11">${n}</text>`);
    out.push(`<text x="${x0 + pw / 2}" y="${pad.t + ph + 34}" text-anchor="middle" font-size="12">shares (N, log scale)</text>`);
    out.push(`<text x="${x0 - 44}" y="${pad.t + ph / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 ${x0 - 44} ${pad.t + ph / 2})">${esc(unit)}</text>`);
    if (goal !== undefined) out.push(`<line x1="${x0}" y1="${sy(goal)}" x2="${x0 + pw}" y2="${sy(goal)}" stroke="#999" stroke-dasharray="4 3"/><text x="${x0 + pw - 4}" y="${sy(goal) - 4}" text-anchor="end" font-size="10" fill="#666">goal ${goal}</text>`);
    series.forEach((s, k) => {
      const pts = s.ys.map((y, i) => `${sx(ns[i]!, x0).toFixed(1)},${sy(y).toFixed(1)}`);
      out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.join(" ")}"/>`);
      for (const p of pts) out.push(`<circle cx="${p.split(",")[0]}" cy="${p.split(",")[1]}" r="3" fill="${s.color}"/>`);
      out.push(`<text x="${x0 + 8}" y="${pad.t + 14 + 14 * k}" font-size="11" fill="${s.color}">${esc(s.name)}</text>`);
    });
    return out.join("\n");
  };
  const left = panel(pad.l, "throughput", "shares/s", [{ name: "shares/s", color: "#1f77b4", ys: r.runs.map((x) => x.sharesPerSecond) }], 20);
  const right = panel(pad.l + pw + 90, "end-to-end latency", "ms", [
    { name: "p50", color: "#2ca02c", ys: r.runs.map((x) => x.latencyMs.p50) },
    { name: "p95", color: "#ff7f0e", ys: r.runs.map((x) => x.latencyMs.p95) },
    { name: "p99", color: "#d62728", ys: r.runs.map((x) => x.latencyMs.p99) },
  ], 2000);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">\n<!-- written by medexchain bench --scale (bench/scale-report.ts), measured ${r.machine.date} -->\n<rect width="100%" height="100%" fill="white"/>\n${left}\n${right}\n</svg>\n`;
}
