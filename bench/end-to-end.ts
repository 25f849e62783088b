// End-to-end on the embedded chains: deploy, then run shares one after another (latency, sustained
// shares per second, gas and bytes per phase, each role's time), a round of several patients sharing
// at once, and the auditor over everything the run left on the chains. The first share warms up
// (JIT, each patient's fixed-base tables) and is left out of every figure.
import { startEmbeddedChains } from "../reference/chains/embedded.ts";
import type { ChainSet } from "../reference/chains/adapter.ts";
import { setupDeployment, type Deployment } from "../scenario/setup.ts";
import { runShare, type ShareResult } from "../scenario/share.ts";
import { phrBytes, syntheticPhr } from "../scenario/phr.ts";
import { MemoryBlobStore } from "../reference/storage/memory-blob-store.ts";
import { TraceRecorder } from "../reference/trace/events.ts";
import { checkLogIntegrity } from "../reference/audit/log-integrity.ts";
import { BenchmarkError } from "./errors.ts";
import { instrumentRoles, type Party, type Phase, type RoleCall } from "./role-timing.ts";
import { profiled, type ProfileSummary } from "./profile.ts";
import { median, quantile } from "./sampling.ts";
import { wireBytesOf, type WireBytes } from "./wire-bytes.ts";
import { recordTransactions, type SentTx } from "./calldata.ts";

/** How much end-to-end work to do. */
export interface EndToEndPlan {
  /** shares run one after another, after one warm-up share */
  sequentialShares: number;
  /** patients sharing at the same time in the concurrent round (0: skip it) */
  concurrentPatients: number;
  /** shares each of them runs in that round */
  concurrentRounds: number;
  /** profile the sequential shares with V8's sampling profiler */
  profile: boolean;
  seed: string;
}

/** Median and spread of a list of per-share values. */
export interface Spread {
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
}

/** One party in one phase, per share. */
export interface RolePhase {
  party: Party;
  phase: Phase;
  methods: string[];
  wallMs: Spread;
  cpuMs: Spread;
}

/** The end-to-end results. */
export interface EndToEnd {
  setup: { ms: number; gas: string; patients: number };
  sequential: {
    shares: number;
    wallMs: number;
    sharesPerSecond: number;
    /** this process's CPU time per share (all its threads: roles, crypto, the embedded chains' EVMs) */
    cpuMsPerShare: number;
    /** 1000 / cpuMsPerShare: the most shares a second one such process could complete on one core */
    cpuBoundSharesPerSecond: number;
    /** whole journey of a record, device upload to the relay reading HB's acknowledgement */
    latencyMs: Spread;
    /** the cross-chain part only: HB's request to the acknowledgement */
    crossChainLatencyMs: Spread;
    phases: { name: string; ms: Spread; bytes: number; gas: string }[];
    gasPerShare: string;
    gasPerCrossChainShare: string;
  };
  concurrent?: { patients: number; shares: number; wallMs: number; sharesPerSecond: number; latencyMs: Spread; ok: boolean; error?: string };
  roles: RolePhase[];
  audit: { entries: number; contracts: number; clean: boolean; wallMs: number; cpuMs: number; entriesPerShare: number };
  wire: WireBytes;
  /** the transactions of the last sequential share, with their EVM calldata sizes */
  transactions: { list: SentTx[]; calldataBytesPerShare: number; calldataBytesPerCrossChainShare: number };
  profile?: ProfileSummary;
}

/** Median and spread of values. */
export function spread(xs: readonly number[]): Spread {
  return { median: median(xs), p10: quantile(xs, 0.1), p90: quantile(xs, 0.9), min: Math.min(...xs), max: Math.max(...xs) };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

async function oneShare(dep: Deployment, seed: string, patient: number, run: string): Promise<ShareResult> {
  const bundle = syntheticPhr(`${seed}/${run}`, dep.parties.patients[patient]!.account.address, `device-${patient}`);
  const r = await runShare(dep, { patient, phr: phrBytes(bundle), run });
  if (r.refused || !r.recovered) throw new BenchmarkError(`share ${run} did not deliver the record`);
  return r;
}

function rolesOf(calls: readonly RoleCall[], runs: readonly string[]): RolePhase[] {
  const keys = [...new Set(calls.map((c) => `${c.party}/${c.phase}`))];
  return keys.map((k) => {
    const [party, phase] = k.split("/") as [Party, Phase];
    const mine = calls.filter((c) => c.party === party && c.phase === phase);
    const per = (f: (c: RoleCall) => number) => runs.map((r) => sum(mine.filter((c) => c.run === r).map(f)));
    return { party, phase, methods: [...new Set(mine.map((c) => c.method))], wallMs: spread(per((c) => c.wallMs)), cpuMs: spread(per((c) => c.cpuMs)) };
  });
}

async function runSequential(dep: Deployment, plan: EndToEndPlan, calls: RoleCall[], setCurrent: (r: string | undefined) => void) {
  const results: ShareResult[] = [];
  const runs: string[] = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 1; i <= plan.sequentialShares; i++) {
    const run = `seq-${i}`;
    setCurrent(run);
    results.push(await oneShare(dep, plan.seed, 0, run));
    runs.push(run);
  }
  setCurrent(undefined);
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  void calls;
  return { results, runs, wallMs, cpuMs: (c.user + c.system) / 1000 };
}

/** Runs the end-to-end benchmark on freshly started embedded chains (closed afterwards). */
export async function runEndToEnd(plan: EndToEndPlan): Promise<EndToEnd> {
  if (plan.sequentialShares < 1) throw new BenchmarkError("at least one measured sequential share is needed");
  const chains: ChainSet = await startEmbeddedChains();
  try {
    const trace = new TraceRecorder();
    const patients = Math.max(1, plan.concurrentPatients);
    const dep = await setupDeployment(chains, new MemoryBlobStore(), { seed: plan.seed, patients, trace });
    let current: string | undefined;
    const calls = instrumentRoles(dep, () => current);
    const txs = recordTransactions(chains, () => current);

    // Warm-up: one share per patient (each patient's device and firewall tables are built on first use).
    for (let p = 0; p < patients; p++) await oneShare(dep, plan.seed, p, `warm-${p}`);

    const seq = plan.profile
      ? await profiled(() => runSequential(dep, plan, calls, (r) => (current = r)))
      : { value: await runSequential(dep, plan, calls, (r) => (current = r)), profile: undefined };
    const { results, runs, wallMs, cpuMs } = seq.value;
    const totals = results.map((r) => sum(r.phases.map((p) => p.ms)));
    const crossChain = results.map((r) => sum(r.phases.filter((p) => p.name !== "upload").map((p) => p.ms)));
    const phaseNames = results[0]!.phases.map((p) => p.name);
    const gasOf = (r: ShareResult, pred: (name: string) => boolean) => r.phases.filter((p) => pred(p.name)).reduce((n, p) => n + p.gas, 0n);
    const medianBig = (xs: bigint[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[xs.length >> 1]!;

    let concurrent: EndToEnd["concurrent"];
    if (plan.concurrentPatients > 1) {
      const t0 = performance.now();
      const lat: number[] = [];
      try {
        await Promise.all(
          Array.from({ length: plan.concurrentPatients }, async (_, p) => {
            for (let k = 1; k <= plan.concurrentRounds; k++) {
              const r = await oneShare(dep, plan.seed, p, `conc-${p}-${k}`);
              lat.push(sum(r.phases.map((x) => x.ms)));
            }
          }),
        );
        const ms = performance.now() - t0;
        const n = plan.concurrentPatients * plan.concurrentRounds;
        concurrent = { patients: plan.concurrentPatients, shares: n, wallMs: ms, sharesPerSecond: (n * 1000) / ms, latencyMs: spread(lat), ok: true };
      } catch (e) {
        const ms = performance.now() - t0;
        concurrent = { patients: plan.concurrentPatients, shares: lat.length, wallMs: ms, sharesPerSecond: (lat.length * 1000) / ms, latencyMs: spread(lat.length ? lat : [Number.NaN]), ok: false, error: (e as Error).message };
      }
    }

    const c0 = process.cpuUsage();
    const a0 = performance.now();
    const integrity = await checkLogIntegrity(dep.world.deployment);
    const auditWall = performance.now() - a0;
    const ac = process.cpuUsage(c0);
    const entries = integrity.reduce((n, l) => n + l.entries.length, 0);
    const sharesOnChain = patients + results.length + (concurrent?.shares ?? 0);

    const last = runs[runs.length - 1]!;
    const lastTxs = txs.filter((t) => t.run === last);
    const uploadTx = (t: SentTx) => t.functionName.endsWith(".anchor");
    return {
      setup: { ms: dep.ms, gas: String(dep.gas), patients },
      sequential: {
        shares: results.length,
        wallMs,
        sharesPerSecond: (results.length * 1000) / wallMs,
        cpuMsPerShare: cpuMs / results.length,
        cpuBoundSharesPerSecond: (1000 * results.length) / cpuMs,
        latencyMs: spread(totals),
        crossChainLatencyMs: spread(crossChain),
        phases: phaseNames.map((name) => {
          const ps = results.map((r) => r.phases.find((p) => p.name === name)!);
          return { name, ms: spread(ps.map((p) => p.ms)), bytes: median(ps.map((p) => p.bytes)), gas: String(medianBig(ps.map((p) => p.gas))) };
        }),
        gasPerShare: String(medianBig(results.map((r) => gasOf(r, () => true)))),
        gasPerCrossChainShare: String(medianBig(results.map((r) => gasOf(r, (n) => n !== "upload")))),
      },
      ...(concurrent ? { concurrent } : {}),
      roles: rolesOf(calls, runs),
      audit: {
        entries,
        contracts: integrity.length,
        clean: integrity.every((l) => l.findings.length === 0),
        wallMs: auditWall,
        cpuMs: (ac.user + ac.system) / 1000,
        entriesPerShare: entries / Math.max(1, sharesOnChain),
      },
      wire: wireBytesOf(trace.events, `upload-${last}`, `share-${last}`),
      transactions: {
        list: lastTxs,
        calldataBytesPerShare: sum(lastTxs.map((t) => t.calldataBytes)),
        calldataBytesPerCrossChainShare: sum(lastTxs.filter((t) => !uploadTx(t)).map((t) => t.calldataBytes)),
      },
      ...(seq.profile ? { profile: seq.profile } : {}),
    };
  } finally {
    await chains.close();
  }
}
