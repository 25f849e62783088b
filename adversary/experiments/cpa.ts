// The IND-CPA experiment, run as code against our PRE at both ciphertext levels. Per trial the
// challenger flips b, encrypts m_b (second level) or re-encrypts it (first level), and every
// adversary in the sample guesses b from its view. In the model the adversary holds what the
// relay holds — both public keys and the re-encryption key rk_{P→B} — and never B's secret. Two
// control adversaries step outside the model (a colluding delegatee; a challenger with stuck
// randomness) to show that the harness does detect a break when there is one.
import { sha256 } from "@noble/hashes/sha2.js";
import { g2, pairing, type Gt } from "../../reference/crypto/bls12.ts";
import { encodeGt } from "../../reference/crypto/gt-encoding.ts";
import { gtDiv, gtEq } from "../../reference/crypto/gt.ts";
import {
  PreEncryptor,
  preDecrypt1,
  preKeyGen,
  preRandomMessage,
  preReEncrypt,
  preReKey,
  type FirstLevelCiphertext,
  type PreKeyPair,
  type ReKey,
  type SecondLevelCiphertext,
} from "../../reference/crypto/pre.ts";
import { randomScalar } from "../../reference/crypto/scalar.ts";
import { seededRng, type Rng } from "../../reference/crypto/rng.ts";
import { ArgumentError } from "../../reference/crypto/errors.ts";
import { estimate, type Estimate } from "./statistics.ts";

/** What an adversary sees in one trial. */
export interface CpaView {
  level: 1 | 2;
  owner: PreKeyPair["pk"];
  delegatee: PreKeyPair["pk"];
  rk: ReKey;
  m0: Gt;
  m1: Gt;
  challenge: SecondLevelCiphertext | FirstLevelCiphertext;
  /** CPA: the adversary may encrypt anything under the owner's key. */
  encrypt: (m: Gt) => SecondLevelCiphertext;
  coin: Rng;
}

/** An adversary: a name, whether it stays inside the CPA model, and its guess of b. */
export interface CpaAdversary {
  name: string;
  description: string;
  inModel: boolean;
  levels: (1 | 2)[];
  guess: (view: CpaView) => number;
}

function coinBit(rng: Rng): number {
  return rng(1)[0]! & 1;
}

/** Picks whichever of m0, m1 a candidate plaintext equals, else flips a coin. */
function match(view: CpaView, candidate: Gt): number {
  if (gtEq(candidate, view.m0)) return 0;
  if (gtEq(candidate, view.m1)) return 1;
  return coinBit(view.coin);
}

/** The adversary sample: in-model attempts and out-of-model controls. */
export function cpaAdversaries(delegateeSecret: PreKeyPair["sk"]): CpaAdversary[] {
  return [
    {
      name: "coin",
      description: "ignores its view and flips a coin (baseline)",
      inModel: true,
      levels: [1, 2],
      guess: (v) => coinBit(v.coin),
    },
    {
      name: "hash-parity",
      description: "guesses the parity of SHA-256(c2 / m0): any bias would show a leak of m through c2",
      inModel: true,
      levels: [1, 2],
      guess: (v) => sha256(encodeGt(gtDiv(v.challenge.c2, v.m0)))[0]! & 1,
    },
    {
      name: "re-encrypt-compare",
      description: "encrypts m0 itself under the owner's key and compares with the challenge (wins iff encryption is deterministic)",
      inModel: true,
      levels: [2],
      guess: (v) => {
        const mine = v.encrypt(v.m0);
        const ch = v.challenge as SecondLevelCiphertext;
        return mine.c1.equals(ch.c1) || gtEq(mine.c2, ch.c2) ? 0 : coinBit(v.coin);
      },
    },
    {
      name: "proxy-unmask",
      description: "the relay's best naive attempt: strips c2 with the pairing it can compute, e(c1, rk) (level 2) or c1' (level 1)",
      inModel: true,
      levels: [1, 2],
      guess: (v) => {
        const mask = v.level === 2 ? pairing((v.challenge as SecondLevelCiphertext).c1, v.rk.rk) : (v.challenge as FirstLevelCiphertext).c1;
        return match(v, gtDiv(v.challenge.c2, mask));
      },
    },
    {
      name: "pairing-with-public-keys",
      description: "treats e(c1, g2) = Z^r, which it can compute, as the mask: right only if a1 = 1",
      inModel: true,
      levels: [2],
      guess: (v) => {
        const c1 = (v.challenge as SecondLevelCiphertext).c1;
        return match(v, gtDiv(v.challenge.c2, pairing(c1, g2)));
      },
    },
    {
      name: "colluding-delegatee (control)",
      description: "outside the model: holds the delegatee's secret key, so it re-encrypts if needed and decrypts",
      inModel: false,
      levels: [1, 2],
      guess: (v) => {
        const ct1 = v.level === 2 ? preReEncrypt(v.rk, v.challenge as SecondLevelCiphertext) : (v.challenge as FirstLevelCiphertext);
        return match(v, preDecrypt1(delegateeSecret, ct1));
      },
    },
  ];
}

/** Options of the CPA experiment. */
export interface CpaOptions {
  trials: number;
  seed: string;
}

/** One adversary's line in the report. */
export interface CpaLine extends Estimate {
  adversary: string;
  description: string;
  inModel: boolean;
}

/** The experiment's result, as written to out/experiments/cpa.json. */
export interface CpaResult {
  trials: number;
  seed: string;
  model: string;
  secondLevel: CpaLine[];
  firstLevel: CpaLine[];
  /** The same game against a challenger whose encryption randomness is stuck at r = 1. */
  stuckRandomnessControl: CpaLine;
  maxInModelAdvantage: number;
}

/** Runs the IND-CPA game at both levels for every adversary. */
export function runCpaExperiment(opts: CpaOptions): CpaResult {
  if (!Number.isInteger(opts.trials) || opts.trials < 1) throw new ArgumentError(`trials must be a positive integer, got ${opts.trials}`);
  const rng = seededRng(`${opts.seed}/setup`);
  const challengerRng = seededRng(`${opts.seed}/challenger`);
  const coin = seededRng(`${opts.seed}/adversary-coins`);
  const owner = preKeyGen(rng);
  const delegatee = preKeyGen(rng);
  const rk = preReKey(owner.sk, delegatee.pk.g2a2);
  const encryptor = new PreEncryptor(owner.pk);
  const adversaries = cpaAdversaries(delegatee.sk);
  const wins = new Map<string, number>();
  let stuckWins = 0;

  for (let t = 0; t < opts.trials; t++) {
    const m0 = preRandomMessage(challengerRng);
    const m1 = preRandomMessage(challengerRng);
    const b = coinBit(challengerRng);
    const mb = b === 0 ? m0 : m1;
    const ct2 = encryptor.encryptWith(mb, randomScalar(challengerRng));
    const ct1 = preReEncrypt(rk, ct2);
    for (const level of [2, 1] as const) {
      const view: CpaView = {
        level,
        owner: owner.pk,
        delegatee: delegatee.pk,
        rk,
        m0,
        m1,
        challenge: level === 2 ? ct2 : ct1,
        encrypt: (m) => encryptor.encryptWith(m, randomScalar(coin)),
        coin,
      };
      for (const adv of adversaries) {
        if (!adv.levels.includes(level)) continue;
        const key = `${level}/${adv.name}`;
        wins.set(key, (wins.get(key) ?? 0) + (adv.guess(view) === b ? 1 : 0));
      }
    }
    // control: the same game with r stuck at 1, against an adversary dividing by the public key z1 = Z^a1
    const stuck = encryptor.encryptWith(mb, 1n);
    stuckWins += match({ m0, m1, coin } as CpaView, gtDiv(stuck.c2, owner.pk.z1)) === b ? 1 : 0;
  }

  const lines = (level: 1 | 2): CpaLine[] =>
    adversaries
      .filter((a) => a.levels.includes(level))
      .map((a) => ({ adversary: a.name, description: a.description, inModel: a.inModel, ...estimate(wins.get(`${level}/${a.name}`) ?? 0, opts.trials) }));
  const secondLevel = lines(2);
  const firstLevel = lines(1);
  const inModel = [...secondLevel, ...firstLevel].filter((l) => l.inModel);
  return {
    trials: opts.trials,
    seed: opts.seed,
    model: "adversary holds pk_P, pk_B and rk_{P→B} (the relay's view) and may encrypt under pk_P; not sk_B",
    secondLevel,
    firstLevel,
    stuckRandomnessControl: {
      adversary: "stuck-randomness (control)",
      description: "challenger encrypts with r = 1; adversary computes c2 / Z^a1",
      inModel: false,
      ...estimate(stuckWins, opts.trials),
    },
    maxInModelAdvantage: Math.max(...inModel.map((l) => l.advantage)),
  };
}
