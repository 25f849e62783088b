// Keys and identities as the spec binds them: an agent field names the agent that plays that role in
// the run, a public-key field is that agent's registered key, and every signature verifies under the
// registered key of the agent playing the signing role, in the scheme the spec names.
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { show, type Term } from "../protocol/terms.ts";
import { brief, type Mismatch } from "./mismatch.ts";
import type { BindEvent } from "./runs.ts";
import { UnresolvedTerm, type Leaf, type TermSemantics } from "./semantics.ts";
import type { RunValues } from "./values.ts";

/** An agent's registration, merged over its bind events. */
export interface Registration {
  readonly identity: string;
  readonly keys: Map<string, string>;
}

/** How many signatures and hashes the checker verified itself, and which it could not. */
export interface StructuralTally {
  signaturesVerified: number;
  hashesVerified: number;
  /** Terms (per protocol) the checker could not verify, with why: each is a gap in what conformance proves. */
  unverified: Record<string, string>;
}

/** Merge bind events per agent; an agent registered with two identities or two keys of one scheme is reported. */
export function registrations(binds: readonly BindEvent[], report: (m: Mismatch) => void): Map<string, Registration> {
  const out = new Map<string, Registration>();
  for (const b of binds) {
    const id = b.identity.toLowerCase();
    let r = out.get(b.agent);
    if (!r) out.set(b.agent, (r = { identity: id, keys: new Map() }));
    else if (r.identity !== id)
      report({ code: "AGENT_REBOUND", run: "", role: "", label: b.agent, expected: `identity ${brief(r.identity)}`, observed: brief(id), detail: `agent ${b.agent} was registered under two identities` });
    for (const [scheme, hex] of Object.entries(b.keys)) {
      const old = r.keys.get(scheme);
      if (old && old !== hex.toLowerCase())
        report({ code: "AGENT_REBOUND", run: "", role: "", label: b.agent, expected: `${scheme} key ${brief(old)}`, observed: brief(hex), detail: `agent ${b.agent} registered two different ${scheme} keys` });
      else r.keys.set(scheme, hex.toLowerCase());
    }
  }
  return out;
}

/** Check identities, public keys, signatures and hashes of one run against the registrations. */
export function checkKeys(
  rv: RunValues,
  regs: ReadonlyMap<string, Registration>,
  constants: ReadonlyMap<string, string>,
  semantics: TermSemantics | undefined,
  tally: StructuralTally,
  report: (m: Mismatch) => void,
): void {
  const run = rv.run;
  const agentOf = new Map<string, string>();
  for (const e of run.events) if (!agentOf.has(e.role)) agentOf.set(e.role, e.agent);
  const unregistered = new Set<string>();
  const regOf = (role: string, where: { role: string; label: string }): Registration | undefined => {
    const agent = agentOf.get(role);
    if (agent === undefined) return undefined; // the role did not act in this run (an aborted run)
    const r = regs.get(agent);
    if (!r && !unregistered.has(agent)) {
      unregistered.add(agent);
      report({ code: "AGENT_NOT_REGISTERED", run: run.key, role, label: where.label, expected: `a bind event for ${agent} (its identity and public keys)`, observed: "none", detail: `${agent} plays ${role} but the trace does not record its registration; roles must record a bind event per agent` });
    }
    return r;
  };
  const gap = (t: Term, why: string): void => {
    tally.unverified[`${run.spec.name}: ${show(t)}`] = why;
  };
  // A one-way function is recomputed from its inputs before the carried value is trusted, so a stale
  // hash carried later in the run is blamed where it was carried, not on a signature that covers it.
  const leaf: Leaf = (t) => {
    if (t.kind === "hash" && semantics) {
      try {
        const h = semantics.hashValue(t, leaf);
        if (h) return h;
      } catch (e) {
        if (!(e instanceof UnresolvedTerm)) throw e;
      }
    }
    const v = rv.get(t);
    if (v) return v;
    if (t.kind === "atom" && t.origin === "const") {
      const recorded = constants.get(t.name);
      if (recorded) return hexToBytes(recorded);
      const c = semantics?.constantValue(t);
      if (c) return c;
    }
    const who = t.kind === "agent" || t.kind === "pk" ? agentOf.get(t.role) : undefined;
    const r = who === undefined ? undefined : regs.get(who);
    if (r && t.kind === "agent") return hexToBytes(r.identity);
    const key = r && t.kind === "pk" ? r.keys.get(t.scheme) : undefined;
    if (key) return hexToBytes(key);
    throw new UnresolvedTerm(show(t));
  };

  for (const { term, at } of rv.entries()) {
    const bad = (code: Mismatch["code"], expected: string, detail: string): void =>
      report({ code, run: run.key, role: at.role, label: at.label, expected, observed: brief(at.hex), detail });
    if (term.kind === "agent") {
      const r = regOf(term.role, at);
      if (r && r.identity !== at.hex) {
        const who = [...regs.entries()].find(([, x]) => x.identity === at.hex)?.[0];
        bad("WRONG_AGENT", `${term.role} = ${agentOf.get(term.role)} (${brief(r.identity)})`, `${at.label} names ${who ?? "an unregistered agent"} as ${term.role}, but ${agentOf.get(term.role)} plays ${term.role} in this run`);
      }
    } else if (term.kind === "pk") {
      const r = regOf(term.role, at);
      const key = r?.keys.get(term.scheme);
      if (r && key !== at.hex) bad(key ? "WRONG_AGENT" : "KEY_NOT_REGISTERED", `${show(term)} = ${key ? brief(key) : "a registered key"}`, `${at.label} carries a ${term.scheme} key that is not ${agentOf.get(term.role)}'s registered one`);
    } else if (term.kind === "sign") {
      const r = regOf(term.key.role, at);
      if (!r) continue;
      const key = r.keys.get(term.key.scheme);
      if (!key) {
        bad("KEY_NOT_REGISTERED", `a ${term.key.scheme} key registered by ${agentOf.get(term.key.role)}`, `${show(term)} needs ${agentOf.get(term.key.role)}'s ${term.key.scheme} public key, which no bind event records`);
        continue;
      }
      if (!semantics) {
        gap(term, "no cryptographic semantics supplied");
        continue;
      }
      let ok: boolean | undefined;
      try {
        ok = semantics.verifySignature(term, hexToBytes(at.hex), hexToBytes(key), leaf);
      } catch (e) {
        if (!(e instanceof UnresolvedTerm)) throw e;
        gap(term, e.message);
        continue;
      }
      if (ok === undefined) gap(term, `scheme ${term.key.scheme} cannot be verified off-line`);
      else if (ok) tally.signaturesVerified++;
      else bad("BAD_SIGNATURE", `${show(term)} under ${agentOf.get(term.key.role)}'s registered ${term.key.scheme} key ${brief(key)}`, `the signature in ${at.label} does not verify under the key the spec binds (${show(term.key)}): a forged, misbound or wrongly keyed signature`);
    } else if (term.kind === "hash") {
      if (!semantics) {
        gap(term, "no cryptographic semantics supplied");
        continue;
      }
      let h: Uint8Array | undefined;
      try {
        h = semantics.hashValue(term, leaf);
      } catch (e) {
        if (!(e instanceof UnresolvedTerm)) throw e;
        gap(term, e.message);
        continue;
      }
      if (!h) gap(term, `function ${term.fn} is not known to the checker`);
      else if (bytesToHex(h) === at.hex) tally.hashesVerified++;
      else bad("HASH_MISMATCH", `${show(term)} = ${brief(bytesToHex(h))}`, `${at.label} carries a value for ${show(term)} that is not the function of the run's values`);
    }
  }
}
