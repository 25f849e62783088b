// The IND-CPA experiment, run as code against a scheme under test. The challenger runs the scheme's
// own algorithms — encryption, data-key generation, grants, re-encryption — and so does the
// encryption oracle, so a broken algorithm is exposed rather than replaced by a correct one. Three
// games: the second-level ciphertext anchored on chain A, the first-level one delivered to chain B,
// and the record (anchored ciphertext plus stored blob). Adversaries are whoever sees these: anyone
// (with the oracle), the relay (holding the grant for the challenge), and a delegatee holding its own
// key and grants for other records of the same patient — in model: that is issue 15's attack.
//
// We run the real construction (record-bound grants) and negative controls: the pre-fix per-patient
// re-key, deterministic encryption, low-entropy data keys, and a weak variant with advantage 0.1 that
// checks the test's power. Each (game, adversary) line is a one-sided test at α/k (Bonferroni over
// the k lines of a scheme), so the real construction is wrongly rejected with probability ≤ α.
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import {
  dataKeyFrom,
  encodeGt,
  g1,
  g2,
  gtDiv,
  gtEq,
  gtPow,
  invertScalar,
  openBlob,
  pairingBackend,
  PreEncryptor,
  preDecrypt1,
  preGrantKey,
  preKeyGen,
  preRandomMessage,
  preReEncrypt,
  preReEncryptRecord,
  preReKey,
  R_ORDER,
  randomScalar,
  sealBlob,
  seededRng,
  zFixedBase,
  type FirstLevelCiphertext,
  type Gt,
  type PreKeyPair,
  type PrePublicKey,
  type PreSecretKey,
  type Rng,
  type SecondLevelCiphertext,
} from "../../reference/crypto/index.ts";
import type { G2Point } from "../../reference/crypto/bls12.ts";
import { ArgumentError } from "../../reference/crypto/errors.ts";
import { DETECTABLE_ADVANTAGE, estimate, POWER, powerAt, requiredTrials, SIGNIFICANCE, type Estimate } from "./statistics.ts";

/** A grant as the relay and the delegatee hold it: whatever the scheme issues, and its re-encryption. */
export interface Grant {
  reencrypt(ct: SecondLevelCiphertext): FirstLevelCiphertext;
  /** The grant's public parts, for adversaries that try algebra on them: a GT and a G2 element. */
  gt?: Gt;
  g2?: G2Point;
}

/** The algorithms under test. */
export interface CpaScheme {
  name: string;
  description: string;
  /** A negative control: the experiment must reject it. */
  control: boolean;
  /** The advantage its flaw gives the best adversary in the sample, by construction. */
  designedAdvantage: number;
  encrypt(enc: PreEncryptor, m: Gt, rng: Rng): SecondLevelCiphertext;
  /** The device's data key material m. */
  dataKey(rng: Rng): Gt;
  /** The owner grants `ct` to the delegatee whose G2 key is `delegatee`. */
  grant(owner: PreSecretKey, ct: SecondLevelCiphertext, delegatee: G2Point, rng: Rng): Grant;
}

const recordGrant = (owner: PreSecretKey, ct: SecondLevelCiphertext, delegatee: G2Point, rng: Rng): Grant => {
  const g = preGrantKey(owner, ct, delegatee, rng);
  return { reencrypt: (c) => preReEncryptRecord(g, c), gt: g.d, g2: g.u };
};
const honestEncrypt = (enc: PreEncryptor, m: Gt, rng: Rng) => enc.encryptWith(m, randomScalar(rng));

/** 256 candidate data keys Z^1 … Z^256: the low-entropy key space (and the brute-force dictionary). */
const WEAK_KEYS = 256;
let weakKeys: Gt[] | undefined;
function weakKeySpace(): Gt[] {
  weakKeys ??= Array.from({ length: WEAK_KEYS }, (_, i) => zFixedBase().pow(BigInt(i + 1)));
  return weakKeys;
}

export const REAL_SCHEME: CpaScheme = {
  name: "record-bound grant",
  description: "AFGH second level with fresh r; grant rk_R = (κ·Z^−ρ, (g2^b2)^ρ) for one ciphertext; m uniform in GT",
  control: false,
  designedAdvantage: 0,
  encrypt: honestEncrypt,
  dataKey: (rng) => preRandomMessage(rng),
  grant: recordGrant,
};

/** The negative controls; the last is the weak one that checks the test's power. */
export const CONTROL_SCHEMES: readonly CpaScheme[] = [
  {
    name: "pre-fix per-patient re-key",
    description: "rk = g2^(a1·b2) for every record: a delegatee unwraps it with b2 and opens records it was never granted",
    control: true,
    designedAdvantage: 1,
    encrypt: honestEncrypt,
    dataKey: (rng) => preRandomMessage(rng),
    grant: (owner, _ct, delegatee) => {
      const rk = preReKey(owner, delegatee);
      return { reencrypt: (c) => preReEncrypt(rk, c), g2: rk.rk };
    },
  },
  {
    name: "deterministic PRE encryption",
    description: "r = H(m): the same data key always gives the same ciphertext",
    control: true,
    designedAdvantage: 1,
    encrypt: (enc, m) => enc.encryptWith(m, (BigInt("0x" + Buffer.from(sha256(encodeGt(m))).toString("hex")) % (R_ORDER - 1n)) + 1n),
    dataKey: (rng) => preRandomMessage(rng),
    grant: recordGrant,
  },
  {
    name: "low-entropy data keys",
    description: "m drawn from 256 values: the blob opens under one of 256 keys",
    control: true,
    designedAdvantage: 1,
    encrypt: honestEncrypt,
    dataKey: (rng) => weakKeySpace()[rng(1)[0]!]!,
    grant: recordGrant,
  },
];

/** The power check: a tenth of the data keys come from the 256-value space (advantage 26/256 ≈ 0.1). */
export const WEAK_SCHEME: CpaScheme = {
  name: "weak data keys (10 % low-entropy)",
  description: "m from the 256-value space with probability 26/256, uniform otherwise: designed advantage 0.10 in the record game",
  control: true,
  designedAdvantage: 26 / 256,
  encrypt: honestEncrypt,
  dataKey: (rng) => (rng(1)[0]! < 26 ? weakKeySpace()[rng(1)[0]!]! : preRandomMessage(rng)),
  grant: recordGrant,
};

/** The game a challenge belongs to. */
export type Game = "second-level" | "first-level" | "record";

/** What an adversary sees in one trial. */
export interface CpaView {
  game: Game;
  owner: PrePublicKey;
  delegatee: PrePublicKey;
  /** Left/right messages: data keys (PRE games) or PHRs (record game). */
  m0: Gt;
  m1: Gt;
  phr0: Uint8Array;
  phr1: Uint8Array;
  /** The anchored second-level ciphertext (every game). */
  anchored: SecondLevelCiphertext;
  /** The first-level ciphertext the relay computed (PRE games). */
  delivered?: FirstLevelCiphertext;
  /** The stored blob (record game). */
  blob?: Uint8Array;
  /** The relay's grant for the challenge ciphertext (PRE games). */
  relayGrant?: Grant;
  /** The encryption oracle: the scheme's own encryption under the owner's key. */
  encrypt: (m: Gt) => SecondLevelCiphertext;
  coin: Rng;
}

/** An adversary: whose view it models, the games it plays, and its guess of b. */
export interface CpaAdversary {
  name: string;
  description: string;
  games: Game[];
  guess: (view: CpaView) => number;
}

function coinBit(rng: Rng): number {
  return rng(1)[0]! & 1;
}

/** Picks whichever of m0, m1 one of the candidate plaintexts equals, else flips a coin. */
function match(view: CpaView, candidates: Gt[]): number {
  for (const c of candidates) {
    if (gtEq(c, view.m0)) return 0;
    if (gtEq(c, view.m1)) return 1;
  }
  return coinBit(view.coin);
}

/** The blob's associated data in the experiment. */
const AD = utf8ToBytes("MedExChain/experiment/cpa");
const KDF_CONTEXT = { patient: "patient", record: "record", device: "device" };
const blobKeyOf = (m: Gt) => dataKeyFrom(m, KDF_CONTEXT);

/** The delegatee's knowledge: its secret key and grants for other records of the same owner. */
export interface DelegateeKnowledge {
  sk: PreSecretKey;
  grants: { ct: SecondLevelCiphertext; grant: Grant }[];
}

/** The adversary sample. */
export function cpaAdversaries(delegatee: DelegateeKnowledge): CpaAdversary[] {
  // κ of each granted record (its m is c2 / κ), recovered once: the grant re-encrypts its own record
  // and the delegatee strips c1′^(1/b2). On the challenge κ opens nothing unless r repeats.
  const inv = delegatee.grants.length ? invertScalar(delegatee.sk.a2) : 0n;
  const capabilities = delegatee.grants.map(({ ct, grant }) => {
    const own = grant.reencrypt(ct);
    return gtDiv(ct.c2, gtDiv(own.c2, gtPow(own.c1, inv)));
  });
  const keys = weakKeySpace().map(blobKeyOf);
  return [
    {
      name: "coin",
      description: "ignores its view and flips a coin (baseline)",
      games: ["second-level", "first-level", "record"],
      guess: (v) => coinBit(v.coin),
    },
    {
      name: "encrypt-and-compare",
      description: "asks the oracle for an encryption of m0 and compares it with the challenge (wins iff encryption is deterministic)",
      games: ["second-level"],
      guess: (v) => {
        const mine = v.encrypt(v.m0);
        return mine.c1.equals(v.anchored.c1) || gtEq(mine.c2, v.anchored.c2) ? 0 : 1;
      },
    },
    {
      name: "re-randomisation linking",
      description: "asks for an encryption C0 of m0 and tests whether the challenge is C0 re-randomised by s ∈ {0, 1} (c1 − c1⁰ ∈ {0, g1}, then c2/c2⁰ against z1^s)",
      games: ["second-level"],
      guess: (v) => {
        const c0 = v.encrypt(v.m0);
        const d1 = v.anchored.c1.subtract(c0.c1);
        const ratio = gtDiv(v.anchored.c2, c0.c2);
        if (d1.is0()) return gtEq(ratio, zFixedBase().pow(0n)) ? 0 : 1;
        if (d1.equals(g1)) return gtEq(ratio, v.owner.z1) ? 0 : 1;
        return coinBit(v.coin);
      },
    },
    {
      name: "key-homomorphic",
      description: "strips the challenge with every mask public values give: e(c1, g2), e(c1, g2^a2), z1, e(c1, grant's G2 part), the grant's GT part",
      games: ["second-level"],
      guess: (v) => {
        const { c1, c2 } = v.anchored;
        const e = pairingBackend();
        const masks = [e.pairing(c1, g2), e.pairing(c1, v.owner.g2a2), v.owner.z1];
        if (v.relayGrant?.g2) masks.push(e.pairing(c1, v.relayGrant.g2));
        if (v.relayGrant?.gt) masks.push(v.relayGrant.gt);
        return match(v, masks.map((k) => gtDiv(c2, k)));
      },
    },
    {
      name: "relay (proxy-unmask)",
      description: "the relay holds the challenge's grant and the re-encryption it computed: strips c2 with the grant's GT part, or c2′ with c1′",
      games: ["second-level", "first-level"],
      guess: (v) => {
        const out = v.delivered!;
        const cands = [gtDiv(out.c2, out.c1)];
        if (v.relayGrant?.gt) cands.push(gtDiv(v.anchored.c2, v.relayGrant.gt));
        return match(v, cands);
      },
    },
    {
      name: "delegatee with other grants",
      description: "holds sk_B and grants for other records of the owner: applies each to the challenge and decrypts, and reuses each record's capability κ",
      games: ["second-level"],
      guess: (v) => {
        const cands: Gt[] = [];
        for (const { grant } of delegatee.grants) cands.push(preDecrypt1(delegatee.sk, grant.reencrypt(v.anchored)));
        for (const kappa of capabilities) cands.push(gtDiv(v.anchored.c2, kappa));
        return match(v, cands);
      },
    },
    {
      name: "brute-force data key",
      description: "tries the 256 smallest data keys Z^1 … Z^256 on the stored blob (wins iff data keys have low entropy)",
      games: ["record"],
      guess: (v) => {
        for (const k of keys) {
          try {
            const phr = openBlob(k, v.blob!, AD);
            return Buffer.from(phr).equals(Buffer.from(v.phr0)) ? 0 : 1;
          } catch {
            // wrong key: AEAD refuses
          }
        }
        return coinBit(v.coin);
      },
    },
  ];
}

/** One adversary's line in the report. */
export interface CpaLine extends Estimate {
  game: Game;
  adversary: string;
  description: string;
}

/** One scheme's result. */
export interface CpaRun {
  scheme: string;
  description: string;
  control: boolean;
  designedAdvantage: number;
  trials: number;
  /** Per-line significance: α / (number of lines), so the scheme's family-wise error is ≤ α. */
  lineSignificance: number;
  lines: CpaLine[];
  /** Some adversary's advantage is significant. */
  broken: boolean;
  verdict: "certified" | "rejected";
}

/** Options of the CPA experiment. */
export interface CpaOptions {
  seed: string;
  /** Trials for the real scheme and the power check (default requiredTrials at α/k). */
  trials?: number;
  /** Trials for each control built to fail completely (default 64). */
  controlTrials?: number;
  /** Run the weak scheme (advantage 0.1) at `trials` (default true). */
  powerCheck?: boolean;
  schemes?: readonly CpaScheme[];
  /** Grants for other records the delegatee holds (default 2). */
  otherGrants?: number;
}

/** The experiment's result, as written to out/experiments/cpa.json. */
export interface CpaResult {
  seed: string;
  model: string;
  design: { significance: number; lineSignificance: number; detectableAdvantage: number; power: number; requiredTrials: number; trials: number; powerAtTrials: number; powered: boolean };
  controlTrials: number;
  runs: CpaRun[];
  ok: boolean;
  failures: string[];
}

/** Number of (game, adversary) lines, the Bonferroni divisor. */
function lineCount(advs: CpaAdversary[]): number {
  return advs.reduce((n, a) => n + a.games.length, 0);
}

/** Plays every game `trials` times against one scheme. */
export function runCpaScheme(scheme: CpaScheme, trials: number, seed: string, otherGrants = 2): CpaRun {
  if (!Number.isInteger(trials) || trials < 1) throw new ArgumentError(`trials must be a positive integer, got ${trials}`);
  const rng = seededRng(`${seed}/${scheme.name}/setup`);
  const challenger = seededRng(`${seed}/${scheme.name}/challenger`);
  const oracleRng = seededRng(`${seed}/${scheme.name}/oracle`);
  const coin = seededRng(`${seed}/${scheme.name}/coins`);
  const owner: PreKeyPair = preKeyGen(rng);
  const hb: PreKeyPair = preKeyGen(rng);
  const enc = new PreEncryptor(owner.pk);
  const grants = Array.from({ length: otherGrants }, () => {
    const ct = scheme.encrypt(enc, scheme.dataKey(rng), rng);
    return { ct, grant: scheme.grant(owner.sk, ct, hb.pk.g2a2, rng) };
  });
  const adversaries = cpaAdversaries({ sk: hb.sk, grants });
  const wins = new Map<string, number>();
  const encrypt = (m: Gt) => scheme.encrypt(enc, m, oracleRng);

  for (let t = 0; t < trials; t++) {
    const b = coinBit(challenger);
    const m0 = scheme.dataKey(challenger);
    const m1 = scheme.dataKey(challenger);
    const phr0 = utf8ToBytes(`{"hr":${60 + (t % 40)},"t":${t}}`);
    const phr1 = utf8ToBytes(`{"hr":${100 + (t % 40)},"t":${t}}`);
    // PRE games: the challenger encrypts m_b and grants it to the delegatee through the relay.
    const mb = b === 0 ? m0 : m1;
    const anchored = scheme.encrypt(enc, mb, challenger);
    const relayGrant = scheme.grant(owner.sk, anchored, hb.pk.g2a2, challenger);
    const delivered = relayGrant.reencrypt(anchored);
    // Record game: a fresh data key from the scheme, its ciphertext, and the blob of phr_b under it.
    const k = scheme.dataKey(challenger);
    const recordCt = scheme.encrypt(enc, k, challenger);
    const blob = sealBlob(blobKeyOf(k), b === 0 ? phr0 : phr1, AD);
    const base = { owner: owner.pk, delegatee: hb.pk, m0, m1, phr0, phr1, encrypt, coin };
    const views: Record<Game, CpaView> = {
      "second-level": { ...base, game: "second-level", anchored, delivered, relayGrant },
      "first-level": { ...base, game: "first-level", anchored, delivered, relayGrant },
      record: { ...base, game: "record", anchored: recordCt, blob },
    };
    for (const adv of adversaries)
      for (const game of adv.games) {
        const key = `${game}/${adv.name}`;
        wins.set(key, (wins.get(key) ?? 0) + (adv.guess(views[game]) === b ? 1 : 0));
      }
  }

  const lineSignificance = SIGNIFICANCE / lineCount(adversaries);
  const lines = adversaries.flatMap((a) =>
    a.games.map((game): CpaLine => ({ game, adversary: a.name, description: a.description, ...estimate(wins.get(`${game}/${a.name}`) ?? 0, trials, lineSignificance) })),
  );
  const broken = lines.some((l) => l.detected);
  return {
    scheme: scheme.name,
    description: scheme.description,
    control: scheme.control,
    designedAdvantage: scheme.designedAdvantage,
    trials,
    lineSignificance,
    lines,
    broken,
    verdict: broken ? "rejected" : "certified",
  };
}

/** Trials the CPA design needs: the detectable advantage at the per-line level α/k. */
export function cpaRequiredTrials(): number {
  return requiredTrials(SIGNIFICANCE / lineCount(cpaAdversaries({ sk: { a1: 1n, a2: 1n }, grants: [] })));
}

/** The failures of a set of runs: a control certified, or the real scheme rejected. */
export function cpaFailuresOf(runs: readonly CpaRun[]): string[] {
  return runs.flatMap((r) => {
    if (r.control && r.verdict === "certified") return [`control "${r.scheme}" was certified over ${r.trials} trials: the experiment cannot tell it from a sound scheme`];
    if (!r.control && r.verdict === "rejected") return [`"${r.scheme}" is broken by ${r.lines.filter((l) => l.detected).map((l) => `${l.adversary} (${l.game})`).join(", ")}`];
    return [];
  });
}

/** Runs the CPA experiment against the real scheme and every control. */
export function runCpaExperiment(opts: CpaOptions): CpaResult {
  const required = cpaRequiredTrials();
  const trials = opts.trials ?? required;
  const controlTrials = opts.controlTrials ?? Math.min(trials, 64);
  for (const [name, n] of [["trials", trials], ["controlTrials", controlTrials]] as const)
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`${name} must be a positive integer, got ${n}`);
  const schemes = opts.schemes ?? [REAL_SCHEME, ...CONTROL_SCHEMES, ...(opts.powerCheck === false ? [] : [WEAK_SCHEME])];
  const runs = schemes.map((s) => runCpaScheme(s, s.control && s.designedAdvantage === 1 ? controlTrials : trials, opts.seed, opts.otherGrants));
  const lineSignificance = runs[0]?.lineSignificance ?? SIGNIFICANCE;
  const failures = cpaFailuresOf(runs);
  return {
    seed: opts.seed,
    model:
      "the challenger and the encryption oracle run the scheme under test; adversaries see pk_P, pk_B, the anchored ciphertext and the oracle; the relay also holds the challenge's grant; the delegatee holds sk_B and grants for other records of P",
    design: {
      significance: SIGNIFICANCE,
      lineSignificance,
      detectableAdvantage: DETECTABLE_ADVANTAGE,
      power: POWER,
      requiredTrials: required,
      trials,
      powerAtTrials: powerAt(trials, DETECTABLE_ADVANTAGE, lineSignificance),
      powered: trials >= required,
    },
    controlTrials,
    runs,
    ok: failures.length === 0,
    failures,
  };
}
