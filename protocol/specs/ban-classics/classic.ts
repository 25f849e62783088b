// A protocol from the BAN paper, written in our DSL with the paper's idealisation, together with the
// conclusions the paper draws from it. The expectation sits beside the spec so the prover's result is
// checked against the paper, negative conclusions included.
import type { ProtocolSpec } from "../../language.ts";

export interface Conclusion {
  /** The BAN goal id in the spec. */
  readonly goal: string;
  /** What the paper concludes: derivable (true) or not derivable from these assumptions (false). */
  readonly expectProved: boolean;
  /** The paper's point, in a sentence. */
  readonly paper: string;
}

export interface BanClassic {
  readonly spec: ProtocolSpec;
  /** Where in Burrows, Abadi and Needham, "A Logic of Authentication" (1989/1990) the protocol is analysed. */
  readonly section: string;
  /** One entry per BAN goal of the spec. */
  readonly conclusions: readonly Conclusion[];
}

/** The paper's reference, for docs and reports. */
export const BAN_PAPER = "M. Burrows, M. Abadi, R. Needham, \"A Logic of Authentication\", Proc. R. Soc. Lond. A 426 (1989) and ACM TOCS 8(1) (1990)";
