// The BAN paper's protocols, kept apart from the shipped specs (protocol/registry.ts): they validate the
// BAN prover and are not models of this project's protocol, so the Scyther generator does not see them.
import type { BanClassic } from "./classic.ts";
import { nsskClassic, nsskFreshKeyClassic } from "./nssk.ts";
import { kerberosClassic } from "./kerberos.ts";
import { otwayReesClassic } from "./otway-rees.ts";
import { andrewAmendedClassic, andrewClassic } from "./andrew-rpc.ts";

export type { BanClassic, Conclusion } from "./classic.ts";
export { BAN_PAPER } from "./classic.ts";

/** Every classic, in the order reports and generated files list them. */
export const BAN_CLASSICS: readonly BanClassic[] = [nsskClassic, nsskFreshKeyClassic, kerberosClassic, otwayReesClassic, andrewClassic, andrewAmendedClassic];
