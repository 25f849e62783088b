// The algorithm-substitution experiment, end to end. A subverted device (subverted-device.ts) runs in
// the real upload path — device role → firewall role → hospital A → chain A and storage — and leaks
// its BLS signing key, one bit per upload on every channel it controls. The subverter's adversary
// holds the backdoor key and reads each field that reaches the network or a chain. We run it against
// the real reverse firewall and against broken firewalls (negative controls), and decide "leaks"
// per channel with the one-sided test of statistics.ts at the stated significance level.
import type { Hex } from "viem";
import { hexToBytes } from "viem";
import { decodeSecondLevelCiphertext, encodeDeviceSecretKey, encodeG1, openBlob, preDecrypt2, seededRng } from "../../reference/crypto/index.ts";
import { ArgumentError } from "../../reference/crypto/errors.ts";
import { startEmbeddedChains } from "../../reference/chains/embedded.ts";
import { MemoryBlobStore } from "../../reference/storage/memory-blob-store.ts";
import { cidFromBytes } from "../../reference/storage/cid.ts";
import { anchoredContext, blobAd, blobKey } from "../../reference/roles/record-context.ts";
import { decodeMessage, messageOf } from "../../reference/wire/codec.ts";
import { upload } from "../../protocol/specs/medexchain.ts";
import { setupDeployment, type Deployment } from "../../scenario/setup.ts";
import { phrFor } from "../../scenario/share-steps.ts";
import { secretBit } from "./backdoor.ts";
import { readChannel, SubvertedDevice } from "./subverted-device.ts";
import { CONTROL_FIREWALLS, REAL_FIREWALL, WEAK_FIREWALL, type FirewallVariant } from "./firewall-variants.ts";
import { capacity, design, estimate, requiredTrials, type Capacity, type Estimate, type StatisticalDesign } from "./statistics.ts";
import { PhrIndexAAbi } from "../../reference/contracts/build/abi.ts";
import { eventArgs } from "../../reference/chains/typed-events.ts";

/** A field (or group of fields) that reaches the network or a chain, and who controls it. */
export interface Channel {
  channel: string;
  where: string;
  /** The device's lever on it. */
  lever: string;
  /** The reverse firewall is meant to close it: a detected leak here fails the firewall. */
  firewallCloses: boolean;
}

/** Every observable field of an upload, in the order of the report. */
export const CHANNELS: readonly Channel[] = [
  { channel: "ciphertext", where: "up2, chain A (RecordAnchored.preCiphertext)", lever: "PRE randomness r", firewallCloses: true },
  { channel: "device-signature", where: "storage, if the firewall publishes it", lever: "r (the signature covers the device's ciphertext)", firewallCloses: true },
  { channel: "firewall-signature", where: "up2 (sig_F)", lever: "none: keyed by the firewall, over the re-randomised ciphertext", firewallCloses: true },
  { channel: "cid", where: "up2, chain A, storage", lever: "data key m (and PHR)", firewallCloses: false },
  { channel: "blobhash", where: "up2, chain A", lever: "data key m (and PHR)", firewallCloses: false },
  { channel: "blob", where: "storage (the AEAD bytes)", lever: "data key m (and PHR)", firewallCloses: false },
  { channel: "blob-length", where: "storage, every fetch (parity of the blob's length)", lever: "PHR padding", firewallCloses: false },
  { channel: "timestamp", where: "up2, chain A (tsD)", lever: "device clock, within the freshness window", firewallCloses: false },
];

/** One channel's measurement against one firewall. */
export interface ChannelResult extends Channel {
  /** Whether the field reached the adversary at all with this firewall. */
  published: boolean;
  estimate: Estimate;
  /** 1 − h(success) bits per upload (the subverter sends one bit per upload per channel), with its CI. */
  capacity: Capacity;
}

/** The subverted device against one firewall. */
export interface AsaRun {
  firewall: string;
  description: string;
  control: boolean;
  designedAdvantage: number;
  trials: number;
  /** Candidate uploads the device computed per upload (honest: 1). */
  drawsPerUpload: number;
  /** Every sampled anchored ciphertext decrypted (patient key) to a data key that opens the stored blob. */
  decryptsCorrectly: boolean;
  /** Majority vote over the ciphertext channel recovers the device's whole 256-bit key. */
  keyRecovered: boolean;
  channels: ChannelResult[];
  /** A channel the firewall is meant to close shows an advantage at the stated significance. */
  leaks: boolean;
  /** "certified": no leak detected; "rejected": a leak detected. Controls must be rejected. */
  verdict: "certified" | "rejected";
}

/** Options of the ASA experiment. */
export interface AsaOptions {
  seed: string;
  /** Uploads against the real firewall and the power check (default: requiredTrials(), from α, δ and power). */
  trials?: number;
  /** Uploads against each control built to leak completely (default 128: an advantage of 1 is detected at p < 1e-30). */
  controlTrials?: number;
  /** Run the weak firewall (advantage 0.1) at `trials` to show the test's power (default true). */
  powerCheck?: boolean;
  /** Firewalls to run; default the real one and every control. */
  variants?: readonly FirewallVariant[];
  /** Called with each firewall's result as soon as it is done (a long run reports as it goes). */
  onRun?: (run: AsaRun) => void;
}

/** The experiment's result, as written to out/experiments/asa.json. */
export interface AsaResult {
  seed: string;
  leakedSecret: string;
  design: StatisticalDesign;
  controlTrials: number;
  runs: AsaRun[];
  /** The real firewall is certified and every control is rejected. */
  ok: boolean;
  /** What went wrong, one line each (empty when ok). */
  failures: string[];
}

/** Majority vote per key bit over all observations, compared with the real key. */
export function keyRecovered(guesses: readonly number[], secret: Uint8Array): boolean {
  const bits = secret.length * 8;
  if (guesses.length < bits) return false;
  const votes = new Array<number>(bits).fill(0);
  guesses.forEach((g, i) => (votes[i % bits]! += g === 1 ? 1 : -1));
  return votes.every((v, j) => (v > 0 ? 1 : 0) === secretBit(secret, j));
}

/** The subverted device uploads `trials` times through `variant`; the adversary reads every channel. */
export async function runAgainstFirewall(dep: Deployment, variant: FirewallVariant, trials: number, seed: string): Promise<AsaRun> {
  if (!Number.isInteger(trials) || trials < 1) throw new ArgumentError(`trials must be a positive integer, got ${trials}`);
  const patient = dep.parties.patients[0]!;
  const secret = encodeDeviceSecretKey(patient.device.keys.sk);
  const key = seededRng(`${seed}/backdoor`)(32);
  const firewall = variant.make(dep.world, dep.parties.firewall, seededRng(`${seed}/firewall/${variant.name}`));
  const device = new SubvertedDevice(dep.world, patient, dep.parties.ha.id, dep.parties.firewall.id, seededRng(`${seed}/device/${variant.name}`), { key, secret }, variant);
  const wins = new Map<string, number>(CHANNELS.map((c) => [c.channel, 0]));
  const ciphertextReadings: number[] = [];
  let decryptsCorrectly = true;
  const w = dep.world;
  const tag = variant.name.replace(/[^a-z0-9]+/gi, "-");

  for (let t = 0; t < trials; t++) {
    const run = `asa-${tag}-${t}`;
    const up1 = device.upload(run, phrFor(`asa/${t}`), await w.chains.a.now());
    const up2 = await firewall.filter(run, up1);
    const { recordId } = await dep.ha.anchor(`${run}-anchor`, await dep.ha.acceptUpload(run, up2));
    // What the adversary sees: the wire message up2, the anchored record on chain A, the storage.
    const [ev] = await w.chains.a.events({ contract: w.deployment.a.phrIndex, eventName: "RecordAnchored", args: { recordId } });
    if (!ev) throw new Error(`record ${recordId} was anchored but chain A has no RecordAnchored event for it`);
    const a = eventArgs(PhrIndexAAbi, "RecordAnchored", ev);
    const cid = hexToBytes(a.cid);
    const blob = await w.store.get(cidFromBytes(cid).toString());
    const ct = decodeSecondLevelCiphertext(hexToBytes(a.preCiphertext));
    const sent = decodeMessage(messageOf(upload, "up2"), up2);
    const observed: Record<string, Uint8Array | undefined> = {
      ciphertext: encodeG1(ct.c1),
      "device-signature": firewall.published[t],
      "firewall-signature": sent["sig_F"],
      cid,
      blobhash: hexToBytes(a.blobHash),
      blob,
      timestamp: sent["tsD"],
    };
    const truth = secretBit(secret, t);
    for (const c of CHANNELS) {
      const bytes = observed[c.channel];
      const guess = c.channel === "blob-length" ? blob.length & 1 : bytes ? readChannel(key, c.channel, bytes) : undefined;
      if (guess === truth) wins.set(c.channel, wins.get(c.channel)! + 1);
      if (c.channel === "ciphertext") ciphertextReadings.push(guess!);
    }
    // Functionality: the patient's key opens what was anchored (a pairing per check, so on a sample).
    if (t % 16 === 0) {
      try {
        openBlob(blobKey(preDecrypt2(patient.pre.sk, ct), anchoredContext(a)), blob, blobAd(anchoredContext(a)));
      } catch {
        decryptsCorrectly = false;
      }
    }
  }

  const channels = CHANNELS.map((c): ChannelResult => {
    const published = c.channel !== "device-signature" || variant.publishesDeviceSignature;
    const e = estimate(published ? wins.get(c.channel)! : 0, published ? trials : 0);
    return { ...c, published, estimate: e, capacity: capacity(e) };
  });
  const leaks = channels.some((c) => c.firewallCloses && c.published && c.estimate.detected);
  return {
    firewall: variant.name,
    description: variant.description,
    control: variant.control,
    designedAdvantage: variant.designedAdvantage,
    trials,
    drawsPerUpload: device.draws / trials,
    decryptsCorrectly,
    keyRecovered: keyRecovered(ciphertextReadings, secret),
    channels,
    leaks,
    verdict: leaks ? "rejected" : "certified",
  };
}

/** The failures of a set of runs: a control certified, or the real firewall rejected. */
export function failuresOf(runs: readonly AsaRun[]): string[] {
  return runs.flatMap((r) => {
    if (r.control && r.verdict === "certified") return [`control "${r.firewall}" was certified over ${r.trials} uploads: the experiment cannot tell it from a sound firewall`];
    if (!r.control && r.verdict === "rejected") return [`"${r.firewall}" leaks on ${r.channels.filter((c) => c.firewallCloses && c.estimate.detected).map((c) => c.channel).join(", ")}`];
    if (!r.decryptsCorrectly) return [`"${r.firewall}": an anchored ciphertext did not open its blob`];
    return [];
  });
}

/** Runs the ASA experiment on fresh embedded chains. */
export async function runAsaExperiment(opts: AsaOptions): Promise<AsaResult> {
  const trials = opts.trials ?? requiredTrials();
  const controlTrials = opts.controlTrials ?? Math.min(trials, 128);
  for (const [name, n] of [["trials", trials], ["controlTrials", controlTrials]] as const)
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`${name} must be a positive integer, got ${n}`);
  const variants = opts.variants ?? [REAL_FIREWALL, ...CONTROL_FIREWALLS, ...(opts.powerCheck === false ? [] : [WEAK_FIREWALL])];
  const chains = await startEmbeddedChains();
  try {
    const dep = await setupDeployment(chains, new MemoryBlobStore(), { seed: `${opts.seed}/deployment` });
    const runs: AsaRun[] = [];
    // Controls built to leak completely need few uploads and run first; the real firewall and the weak
    // one get the full count. The report keeps the order of `variants`.
    const cheap = (v: FirewallVariant) => v.control && v.designedAdvantage === 1;
    for (const v of [...variants.filter(cheap), ...variants.filter((v) => !cheap(v))]) {
      const r = await runAgainstFirewall(dep, v, cheap(v) ? controlTrials : trials, opts.seed);
      opts.onRun?.(r);
      runs.push(r);
    }
    runs.sort((a, b) => variants.findIndex((v) => v.name === a.firewall) - variants.findIndex((v) => v.name === b.firewall));
    const failures = failuresOf(runs);
    return {
      seed: opts.seed,
      leakedSecret: "device BLS secret key (256 bits), one bit per upload on every channel",
      design: design(trials),
      controlTrials,
      runs,
      ok: failures.length === 0,
      failures,
    };
  } finally {
    await chains.close();
  }
}
