// results.md: the benchmark's tables, headed by the date and machine they were measured on. The
// first table (summary) is the one the README shows.
import type { BenchResults } from "./run.ts";
import type { Spread } from "./end-to-end.ts";

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "—");
const sp = (s: Spread, d = 0) => `${f(s.median, d)} (${f(s.p10, d)}–${f(s.p90, d)})`;
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const header = (cells: string[], align: string[]) => `${row(cells)}\n|${align.join("|")}|`;

/** The line naming when and where the figures were measured. */
export function measuredOn(r: BenchResults): string {
  const m = r.details.machine;
  return `Measured ${m.date.slice(0, 10)} on ${m.cpuModel} × ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node.replace(/^v/, "")}; load average ${m.loadAverage[0]} at start, ${r.details.loadAverageAtEnd[0]} at end (other work shared the machine); plan "${r.details.plan.name}".`;
}

/** The summary table (ours vs the paper vs Umbral, with the goals): what the README shows. */
export function summaryTable(r: BenchResults): string {
  const g = (name: string) => r.goals.find((x) => x.name === name)!;
  const verdict = (name: string) => {
    const x = g(name);
    return x.met ? `met (goal ${x.kind === "max" ? "≤" : "≥"} ${x.target} ${x.unit})` : `missed by ${f(x.missedBy, x.unit === "B" ? 0 : 1)} ${x.unit} (${f(x.missedByRatio * 100, 0)}%; goal ${x.kind === "max" ? "≤" : "≥"} ${x.target})`;
  };
  const u = r.details.umbralComparison;
  const lines = [
    header(["", `MedExChain (${r.securityBits}-bit)`, `paper (${r.paper.securityBits}-bit)`, "goal"], ["---", "---:", "---:", "---"]),
    row(["computation per cross-chain share, all parties", `${f(r.computeMsPerShare)} ms`, `${r.paper.computeMs} ms`, verdict("total computation per share")]),
    row(["… with the upload (one record's whole journey)", `${f(r.details.costModel.computeMsPerRecord)} ms`, "", ""]),
    row(["device per upload (online / with precomputation)", `${f(r.deviceMsPerUpload)} / ${f(r.details.costModel.deviceMsPerUploadOnline)} ms`, "", verdict("device per upload")]),
    row(["bytes per share (cross-chain messages, encoded)", `${r.bytesPerShare} B`, `${r.paper.bytes} B`, verdict("bytes per share")]),
    row(["… of which cryptographic objects", `${r.details.endToEnd.wire.cryptoBytesPerShare} B`, "", ""]),
    row(["end-to-end latency of one share (embedded chains)", `${f(r.e2eMsPerShare, 0)} ms`, "", verdict("end-to-end latency of one share")]),
    row([`throughput (${r.details.throughputMode})`, `${f(r.sharesPerSecond, 2)} shares/s`, "", verdict("sustained throughput")]),
    row(["PRE encrypt / re-key / re-encrypt / decrypt", `${f(r.ours.encryptMs)} / ${f(r.ours.rekeyMs)} / ${f(r.ours.reencryptMs)} / ${f(r.ours.decryptMs)} ms`, "", `Umbral: ${f(r.umbral.encryptMs)} / ${f(r.umbral.rekeyMs)} / ${f(r.umbral.reencryptMs)} / ${f(r.umbral.decryptMs)} ms (ours ÷ Umbral: ${f(u.ratios.encrypt)} / ${f(u.ratios.rekey)} / ${f(u.ratios.reencrypt)} / ${f(u.ratios.decrypt)})`]),
    row(["same share, mcl-wasm in the P, R, HB steps (measured) / everywhere (projected)", `${f(r.details.backend.hybrid.computeMsPerShare)} / ${f(r.details.backend.projection.computeMsPerShare)} ms`, "", "the demo runs these steps on mcl-wasm; the library default and the rows above are noble (docs/benchmarks.md)"]),
  ];
  return lines.join("\n");
}

/** The whole results.md. */
export function renderMarkdown(r: BenchResults): string {
  const d = r.details;
  const e = d.endToEnd;
  const out: string[] = [];
  out.push(`# MedExChain benchmark results\n\n${measuredOn(r)}\n`);
  out.push(`## Summary\n\n${summaryTable(r)}\n`);
  out.push(`Security: ${d.security.note}\n`);

  out.push("## Goals\n");
  out.push(header(["goal", "target", "measured", "result"], ["---", "---:", "---:", "---"]));
  for (const g of r.goals) out.push(row([g.name, `${g.kind === "max" ? "≤" : "≥"} ${g.target} ${g.unit}`, `${f(g.measured, g.unit === "B" ? 0 : 2)} ${g.unit}`, g.met ? "met" : `missed by ${f(g.missedBy, 2)} ${g.unit} (${f(g.missedByRatio * 100, 0)}%)`]));
  out.push("");

  out.push("## Where the computation goes (top operations of one share, cost model)\n");
  out.push(header(["operation", "ms", "share"], ["---", "---:", "---:"]));
  for (const t of d.costModel.topOperations.slice(0, 10)) out.push(row([t.op, f(t.ms, 2), `${f(t.share * 100, 0)}%`]));
  out.push("");

  out.push("## Per party and phase\n");
  out.push("Crypto: the operation counts (formula; n = blob KiB) priced with this run's primitives, CPU ms. Role: the role methods timed in the end-to-end run (median per share, wall and CPU ms), which add chain I/O, contract execution in the embedded chains, encoding and the spec endpoint's checks.\n");
  out.push(header(["party", "phase", "operations", "crypto ms", "role wall ms", "role CPU ms"], ["---", "---", "---", "---:", "---:", "---:"]));
  for (const l of d.costModel.lines) {
    const role = e.roles.find((x) => x.party === l.party && x.phase === l.phase);
    out.push(row([l.party, l.phase, l.formula, f(l.ms, 2), role ? f(role.wallMs.median, 1) : l.party === "Au" ? `${f(e.audit.wallMs / Math.max(1, e.audit.entries / e.audit.entriesPerShare), 1)}` : "—", role ? f(role.cpuMs.median, 1) : "—"]));
  }
  out.push(`\nAuditor: ${e.audit.entries} log entries on ${e.audit.contracts} contracts re-read and re-hashed in ${f(e.audit.wallMs, 0)} ms wall (${f(e.audit.cpuMs, 0)} ms CPU); ${f(e.audit.entriesPerShare, 1)} entries per share; log ${e.audit.clean ? "clean" : "NOT clean"}.`);
  out.push(`Busiest party per record: ${d.costModel.busiestParty.party}, ${f(d.costModel.busiestParty.ms, 1)} ms of cryptography — with every party on its own machine, as deployed, one core of it sustains at most ${f(d.costModel.busiestParty.sharesPerSecondBound, 0)} records/s on cryptography alone.`);
  out.push(`Cross-check with the crypto-timing harness (adversary/experiments/crypto-timing.ts, ${d.harness.runs} runs): device per upload ${f(d.harness.deviceUploadMs, 2)} ms, upload all parties ${f(d.harness.uploadTotalMs, 1)} ms, share all parties ${f(d.harness.shareTotalMs, 1)} ms (its calibration: pairing ${f(d.harness.calibration.pairingMs, 2)} ms).\n`);

  out.push("## Bytes on the wire\n");
  out.push(`Per share (in1, rq1, rq2, gr1, dl1, ak1): **${e.wire.bytesPerShare} B**, of which cryptographic objects ${e.wire.cryptoBytesPerShare} B; without the fields re-read from the record anchored on chain A (${e.wire.anchoredReads.join(", ")}), a share adds ${e.wire.transmittedBytesPerShare} B on the wire. Upload and anchoring (up1 without the blob, up2, an1): ${e.wire.bytesPerUpload} B. Encrypted PHR blob (payload, sent device → firewall and storage → HB): ${e.wire.payloadBytes} B.\n`);
  out.push(header(["message", "from → to", "channel", "bytes", "crypto", "payload", "ids, digests, nonces", "framing", "fields"], ["---", "---", "---", "---:", "---:", "---:", "---:", "---:", "---"]));
  for (const m of e.wire.messages) {
    const by = (pred: (c: string) => boolean) => m.fields.filter((x) => pred(x.class)).reduce((n, x) => n + x.bytes, 0);
    const crypto = by((c) => c === "signature" || c === "committee proof" || c === "PRE");
    const payload = by((c) => c === "payload");
    out.push(row([m.label, `${m.from} → ${m.to}`, m.channel, m.bytes, crypto, payload, m.bytes - m.framing - crypto - payload, m.framing, m.fields.map((x) => `${x.name} ${x.bytes}`).join(", ")]));
  }
  out.push(`\nOn the ledgers: the same share's transactions carry ${e.transactions.calldataBytesPerCrossChainShare} B of EVM calldata (${e.transactions.calldataBytesPerShare} B with the anchoring), ABI-encoded in 32-byte words:\n`);
  out.push(header(["transaction", "chain", "calldata bytes", "gas"], ["---", "---", "---:", "---:"]));
  for (const t of e.transactions.list) out.push(row([t.functionName, t.chain, t.calldataBytes, t.gasUsed]));
  out.push("\nPer share by field class: " + Object.entries(e.wire.byClass).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v} B`).join(", ") + "\n");

  out.push("## End to end on the embedded chains\n");
  out.push(`Setup (deploy, register ${e.setup.patients} patient(s)): ${f(e.setup.ms, 0)} ms, ${e.setup.gas} gas. ${e.sequential.shares} shares one after another (after warm-up): ${f(e.sequential.sharesPerSecond, 2)} shares/s; latency median (p10–p90) ${sp(e.sequential.latencyMs)} ms, cross-chain part ${sp(e.sequential.crossChainLatencyMs)} ms. Gas per share ${e.sequential.gasPerShare} (cross-chain part ${e.sequential.gasPerCrossChainShare}). CPU time of this process per share ${f(e.sequential.cpuMsPerShare, 0)} ms (roles, cryptography and the three embedded chains together), so one process cannot exceed about ${f(e.sequential.cpuBoundSharesPerSecond, 1)} shares/s per core.`);
  if (e.concurrent) out.push(`Concurrent: ${e.concurrent.patients} patients × ${e.concurrent.shares / e.concurrent.patients} shares at once: ${e.concurrent.ok ? `${f(e.concurrent.sharesPerSecond, 2)} shares/s, latency ${sp(e.concurrent.latencyMs)} ms` : `failed: ${e.concurrent.error}`}.`);
  out.push("");
  out.push(header(["phase", "ms median (p10–p90)", "bytes", "gas"], ["---", "---:", "---:", "---:"]));
  for (const p of e.sequential.phases) out.push(row([p.name, sp(p.ms), p.bytes, p.gas]));
  out.push("\n(Phase bytes are runShare's count of the spec messages sent during the phase, blob included where it travels.)\n");

  if (e.profile) {
    out.push("## CPU profile of the sequential shares (V8 sampling profiler, main thread, self time)\n");
    out.push(header(["where", "ms", "share"], ["---", "---:", "---:"]));
    for (const l of e.profile.byLibrary) out.push(row([l.name, f(l.selfMs, 0), `${f(l.share * 100, 1)}%`]));
    out.push("");
    out.push(header(["function", "where", "ms", "share"], ["---", "---", "---:", "---:"]));
    for (const l of e.profile.topFunctions) out.push(row([l.name, l.where, f(l.selfMs, 0), `${f(l.share * 100, 1)}%`]));
    out.push("");
  }

  const u = d.umbralComparison;
  out.push(`## PRE side by side with Umbral (${u.plaintextBytes}-byte plaintext, median CPU ms)\n`);
  out.push(header(["operation", "ours (BLS12-381)", "Umbral (secp256k1, wasm)", "ours ÷ Umbral"], ["---", "---:", "---:", "---:"]));
  for (const k of ["encrypt", "rekey", "reencrypt", "decrypt"] as const) out.push(row([k, f(u.ours[k].cpuMedianMs, 2), f(u.umbral[k].cpuMedianMs, 2), f(u.ratios[k], 2)]));
  out.push(row(["verify a cfrag (Umbral only)", "—", f(u.umbral.verifyCfrag.cpuMedianMs, 2), ""]));
  out.push(row(["ciphertext header / re-encrypted / re-key, bytes", `${u.ours.bytes.ciphertextHeader} / ${u.ours.bytes.reencrypted} / ${u.ours.bytes.rekey}`, `${u.umbral.bytes.ciphertextHeader} / ${u.umbral.bytes.reencrypted} / ${u.umbral.bytes.rekey}`, ""]));
  out.push("\n" + u.notes.map((n) => `- ${n}`).join("\n") + "\n");

  const b = d.backend;
  out.push("## Pairing backend: noble (default) vs mcl-wasm, same run (median CPU ms)\n");
  out.push(`Interop: points agree ${b.interop.pointsAgree}; e(P, Q) agrees ${b.interop.pairingAgrees}; a noble ciphertext re-encrypted by mcl decrypts with noble ${b.interop.nobleCiphertextReEncryptedByMclDecrypts}.\n`);
  out.push(header(["operation", "noble", "mcl-wasm", "speed-up"], ["---", "---:", "---:", "---:"]));
  for (const l of b.lines) out.push(row([l.name, f(l.noble.cpuMedianMs, 3), f(l.mcl.cpuMedianMs, 3), `${f(l.speedup, 1)}×`]));
  out.push("\nParty steps, bytes in and bytes out (strict decoding included; GT torus compression stays the reference's):\n");
  out.push(header(["party", "step", "noble", "mcl-wasm", "speed-up", "same output"], ["---", "---", "---:", "---:", "---:", "---"]));
  for (const l of b.steps) out.push(row([l.party, l.step, f(l.noble.cpuMedianMs, 2), f(l.mcl.cpuMedianMs, 2), `${f(l.speedup, 1)}×`, l.sameOutput ? "yes" : "NO"]));
  out.push(`\nWith these steps: ${b.hybrid.note} Share ${f(b.hybrid.computeMsPerShare)} ms.`);
  out.push(`\nProjection: ${b.projection.note} Share ${f(b.projection.computeMsPerShare)} ms (noble ${f(r.computeMsPerShare)} ms); device per upload ${f(b.projection.deviceMsPerUpload)} ms (noble ${f(r.deviceMsPerUpload)} ms).\n`);
  out.push(b.notes.map((n) => `- ${n}`).join("\n") + "\n");

  out.push("## Primitive operations (noble; median CPU ms, wall median and p10–p90)\n");
  out.push(header(["operation", "CPU ms", "wall ms", "wall p10–p90", "runs"], ["---", "---:", "---:", "---:", "---:"]));
  for (const p of d.primitives) out.push(row([`${p.name}: ${p.description}`, f(p.cpuMedianMs, 3), f(p.medianMs, 3), `${f(p.p10Ms, 3)}–${f(p.p90Ms, 3)}`, p.runs]));
  out.push("");

  out.push("## Verification time\n");
  const v = d.verify;
  if (!v.present || !v.scyther) out.push(`No verifier report (${v.source}).\n`);
  else {
    out.push(`Scyther ${v.scyther.version}, bound ${v.scyther.maxRuns} runs: ${v.scyther.claims.length} claims, ${f(v.scyther.totalSeconds, 2)} s in all (longest ${f(v.scyther.maxSeconds, 2)} s), ${f(v.scyther.wallSeconds, 1)} s wall with the verifier's parallelism.${v.ban ? ` BAN prover: ${v.ban.protocols} protocols in ${f(v.ban.elapsedMs, 0)} ms.` : ""} From ${v.source}.\n`);
    out.push(header(["protocol", "role", "claim", "type", "status", "seconds"], ["---", "---", "---", "---", "---", "---:"]));
    for (const c of v.scyther.claims) out.push(row([c.protocol, c.role, c.label, c.type, c.status, f(c.seconds, 3)]));
    out.push("");
  }

  out.push("## Definitions\n");
  for (const [k, v2] of Object.entries(r.definitions)) out.push(`- **${k}**: ${v2}`);
  out.push("");
  return out.join("\n");
}
