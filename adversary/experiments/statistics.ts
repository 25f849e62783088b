// Estimators for the games: success rate, bit-guessing advantage |2p − 1|, and the half-width of
// its confidence interval, so every reported advantage comes with the noise floor of its trial count.

/** A success count turned into the quantities the reports print. */
export interface Estimate {
  trials: number;
  wins: number;
  success: number;
  /** |2·success − 1|: 0 for a coin, 1 for an adversary that always guesses right (or always wrong). */
  advantage: number;
  /** Half-width of the 99% confidence interval of the advantage, under the null hypothesis of a fair coin. */
  noise99: number;
}

/** Summarises `wins` out of `trials` bit guesses. */
export function estimate(wins: number, trials: number): Estimate {
  const success = trials === 0 ? 0 : wins / trials;
  return {
    trials,
    wins,
    success,
    advantage: Math.abs(2 * success - 1),
    // advantage = |2p̂ − 1| with Var(p̂) = 1/(4N) for a fair coin, so sd(2p̂) = 1/√N; z₀.₉₉₅ = 2.576
    noise99: trials === 0 ? 1 : 2.576 / Math.sqrt(trials),
  };
}
