// The main job: a whole MedExChain deployment on embedded (or external) chains, one or more records
// shared from device to hospital B, then the audit. Library form, so tests and benchmarks run the
// very same thing as `npm start`.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChainSet } from "../reference/chains/adapter.ts";
import { FileBlobStore } from "../reference/storage/file-blob-store.ts";
import { MemoryBlobStore } from "../reference/storage/memory-blob-store.ts";
import { TraceRecorder } from "../reference/trace/events.ts";
import { useFastBackend } from "../reference/crypto/backend.ts";
import type { Faults } from "../reference/roles/world.ts";
import { setupDeployment, type Deployment } from "./setup.ts";
import { runShare, type PhaseResult, type ShareResult } from "./share.ts";
import { phrBytes, syntheticPhr } from "./phr.ts";
import { auditDeployment } from "../reference/audit/auditor.ts";
import type { Finding } from "../reference/audit/findings.ts";

export interface DemoOptions {
  readonly patients?: number;
  readonly records?: number;
  /** How many of the shares the patient refuses (the last ones). */
  readonly refusals?: number;
  readonly seed?: string;
  /** Blob store directory; in memory when absent. */
  readonly dataDir?: string;
  /** Where trace.jsonl and summary.json go; nothing is written when absent. */
  readonly outDir?: string;
  readonly faults?: Faults;
  readonly log?: (line: string) => void;
}

export interface DemoSummary {
  ok: boolean;
  recovered: boolean;
  shares: number;
  refused: number;
  setup: { ms: number; gas: string };
  phases: { name: string; ms: number; bytes: number; gas: string }[];
  perShare: { run: string; recordId: string; refused: boolean; ms: number; bytes: number; gas: string }[];
  audit: { clean: boolean; entries: number; findings: Finding[] };
  chains: { role: string; name: string; chainId: number; identityScheme: string }[];
}

export interface DemoRun {
  readonly summary: DemoSummary;
  readonly trace: TraceRecorder;
  readonly deployment: Deployment;
  readonly results: readonly ShareResult[];
}

/** Run the demo on already-open chains (the caller closes them). */
export async function runDemo(chains: ChainSet, opts: DemoOptions = {}): Promise<DemoRun> {
  await useFastBackend(); // mcl-wasm for re-key, re-encryption and first-level decryption; noble if it cannot load
  const log = opts.log ?? (() => {});
  const trace = new TraceRecorder();
  const store = opts.dataDir ? new FileBlobStore(opts.dataDir) : new MemoryBlobStore();
  const patients = opts.patients ?? 1;
  const records = opts.records ?? 1;
  const refusals = Math.min(opts.refusals ?? 0, records * patients);
  log(`setup: chains ${[chains.a, chains.b, chains.relay].map((c) => `${c.profile.name} (id ${c.profile.chainId}, ${c.profile.identityScheme})`).join(", ")}`);
  const dep = await setupDeployment(chains, store, { seed: opts.seed ?? "demo", patients, trace, ...(opts.faults ? { faults: opts.faults } : {}) });
  log(`setup: contracts deployed, ${patients} patient(s), devices, hospitals and a ${dep.parties.committee.length}-member committee (threshold ${dep.parties.threshold}) registered — ${dep.ms.toFixed(0)} ms, ${dep.gas} gas`);

  const results: ShareResult[] = [];
  const total = patients * records;
  for (let i = 0; i < total; i++) {
    const p = i % patients;
    const refuse = i >= total - refusals;
    const bundle = syntheticPhr(`${opts.seed ?? "demo"}/${i}`, dep.parties.patients[p]!.account.address, `device-${p}`);
    const r = await runShare(dep, { patient: p, phr: phrBytes(bundle), run: String(i + 1), refuse });
    results.push(r);
    for (const ph of r.phases) log(`share ${i + 1} ${ph.name.padEnd(13)} ${ph.ms.toFixed(1).padStart(7)} ms ${String(ph.bytes).padStart(6)} B ${String(ph.gas).padStart(8)} gas`);
    log(refuse ? `share ${i + 1}: patient refused; the refusal is recorded on chain A and carried to chain B, nothing delivered` : `share ${i + 1}: hospital B recovered the device's record (${bundle.entry.length} observations)`);
  }

  const { findings, entries, logs, shares } = await auditDeployment(dep.world.deployment);
  log(`audit: ${entries} log entries on ${logs.length} contracts, ${shares.length} share(s) matched across the chains, ${findings.length === 0 ? "clean" : `${findings.length} finding(s)`}`);

  const names = [...new Set(results.flatMap((r) => r.phases.map((p) => p.name)))];
  const sum = (ps: readonly PhaseResult[]) => ({ ms: ps.reduce((n, p) => n + p.ms, 0), bytes: ps.reduce((n, p) => n + p.bytes, 0), gas: ps.reduce((n, p) => n + p.gas, 0n) });
  const summary: DemoSummary = {
    ok: findings.length === 0 && results.every((r) => r.refused || r.recovered !== undefined),
    recovered: results.filter((r) => !r.refused).every((r) => r.recovered !== undefined) && results.some((r) => !r.refused),
    shares: results.length,
    refused: results.filter((r) => r.refused).length,
    setup: { ms: dep.ms, gas: String(dep.gas) },
    phases: names.map((name) => {
      const s = sum(results.flatMap((r) => r.phases.filter((p) => p.name === name)));
      return { name, ms: s.ms, bytes: s.bytes, gas: String(s.gas) };
    }),
    perShare: results.map((r) => {
      const s = sum(r.phases);
      return { run: r.share, recordId: r.recordId, refused: r.refused, ms: s.ms, bytes: s.bytes, gas: String(s.gas) };
    }),
    audit: { clean: findings.length === 0, entries, findings },
    chains: [chains.a, chains.b, chains.relay].map((c) => ({ role: c.profile.role, name: c.profile.name, chainId: c.profile.chainId, identityScheme: c.profile.identityScheme })),
  };
  if (opts.outDir) {
    mkdirSync(opts.outDir, { recursive: true });
    writeAtomic(join(opts.outDir, "trace.jsonl"), trace.toJsonl());
    writeAtomic(join(opts.outDir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  }
  return { summary, trace, deployment: dep, results };
}

function writeAtomic(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
}
