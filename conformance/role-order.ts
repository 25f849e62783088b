// Each role's trace in a run must be an instance of that role in the spec: the same sends, receives
// and claims in the spec's order, every receive preceded by exactly the spec's checks for it (all
// passed), peers and channels as declared. A run may stop early only where a check rejected a message.
import { roleEvents, type Message, type ProtocolSpec } from "../protocol/language.ts";
import type { Mismatch } from "./mismatch.ts";
import { agentsByRole, type CheckEvent, type Run, type RunEvent } from "./runs.ts";

type SpecEvent = ReturnType<typeof roleEvents>[number];

function specToken(e: SpecEvent): string {
  return e.kind === "claim" ? `claim ${e.claim.label}` : `${e.kind} ${e.message.label}`;
}

function traceToken(e: Exclude<RunEvent, CheckEvent>): string {
  return e.kind === "claim" ? `claim ${e.claim}` : `${e.kind} ${e.label}`;
}

/** Whether any role in the run rejected a message (a failed check): the run was aborted there. */
export function runAborted(run: Run): boolean {
  return run.events.some((e) => e.kind === "check" && !e.ok);
}

/** Check every role of a run against its role in the spec (order, checks, peers, claims). */
export function checkRoleOrder(run: Run, report: (m: Mismatch) => void): void {
  const spec = run.spec;
  const aborted = runAborted(run);
  const agents = agentsByRole(run);
  for (const [role, who] of agents) {
    if (!spec.roles.some((r) => r.name === role)) {
      report({ code: "UNKNOWN_ROLE", run: run.key, role, label: "", expected: spec.roles.map((r) => r.name).join(" | "), observed: role, detail: `protocol ${spec.name} has no role ${role}` });
      continue;
    }
    if (who.size > 1)
      report({
        code: "ROLE_PLAYED_BY_MANY",
        run: run.key,
        role,
        label: "",
        expected: "one agent per role per run",
        observed: [...who].join(", "),
        detail: `role ${role} was played by ${who.size} agents in one run: a message went to, or came from, the wrong party`,
      });
  }
  for (const r of spec.roles) checkOneRole(run, spec, r.name, aborted, report);
}

function checkOneRole(run: Run, spec: ProtocolSpec, role: string, aborted: boolean, report: (m: Mismatch) => void): void {
  const expected = roleEvents(spec, role);
  const mine = run.events.filter((e) => e.role === role);
  const at = (label: string, code: Mismatch["code"], exp: string, obs: string, detail: string): void =>
    report({ code, run: run.key, role, label, expected: exp, observed: obs, detail });
  let idx = 0;
  let pending: CheckEvent[] = [];
  let rejected: CheckEvent | undefined;
  for (const e of mine) {
    if (rejected) {
      if (e.kind === "recv" && e.label === rejected.label)
        at(rejected.check, "ACCEPTED_AFTER_FAILED_CHECK", `${rejected.check} passes`, `failed: ${rejected.detail ?? "no detail"}`, `${e.label} was accepted although check ${rejected.check} failed`);
      else {
        const what = e.kind === "check" ? `check ${e.check}` : traceToken(e);
        at(e.kind === "claim" ? e.claim : e.label, "CONTINUED_AFTER_REJECTION", "nothing after the rejection", what, `${role} went on after rejecting ${rejected.label} at check ${rejected.check}`);
      }
      return;
    }
    if (e.kind === "check") {
      pending.push(e);
      if (!e.ok) rejected = e;
      continue;
    }
    const exp = expected[idx];
    const tok = traceToken(e);
    const label = e.kind === "claim" ? e.claim : e.label;
    if (!exp) {
      at(label, "UNEXPECTED_EVENT", "end of the role", tok, `${role} has no further events in ${spec.name}, but the trace shows ${tok}`);
      return;
    }
    if (specToken(exp) !== tok) {
      const known = e.kind === "claim" ? spec.claims.some((c) => c.label === e.claim && c.role === role) : spec.messages.some((m) => m.label === e.label);
      at(label, known ? "ORDER" : e.kind === "claim" ? "UNKNOWN_CLAIM" : "UNKNOWN_LABEL", specToken(exp), tok, `${role}'s event #${idx + 1} in ${spec.name} should be ${specToken(exp)}`);
      return;
    }
    if (exp.kind === "claim") {
      if (e.kind === "claim" && e.type !== exp.claim.type) at(e.claim, "CLAIM_TYPE", exp.claim.type, e.type, `claim ${e.claim} is a ${exp.claim.type} claim in the spec`);
    } else if (e.kind !== "claim") {
      checkPeerAndChannel(exp.message, e.kind, e.peer, e.channel, at);
    }
    if (exp.kind === "recv") checkReceiveChecks(exp.message, pending, at);
    else if (pending.length) at(pending[0]!.check, "CHECK_OUTSIDE_RECEIVE", `no check before ${tok}`, pending.map((c) => c.check).join(", "), `checks are recorded only while receiving a message`);
    pending = [];
    idx++;
  }
  if (rejected) {
    checkRejection(expected[idx], pending, at);
    return;
  }
  if (pending.length) at(pending[0]!.label, "CHECK_OUTSIDE_RECEIVE", "a receive after its checks", pending.map((c) => c.check).join(", "), `${role} ran checks that passed but never recorded receiving the message`);
  if (idx < expected.length && !aborted)
    at(
      expected[idx]!.kind === "claim" ? (expected[idx] as { claim: { label: string } }).claim.label : (expected[idx] as { message: Message }).message.label,
      "INCOMPLETE_RUN",
      specToken(expected[idx]!),
      mine.length ? "end of the trace" : "no events for this role",
      `${role} stopped after ${idx} of its ${expected.length} events, and no check rejected a message in this run`,
    );
}

type At = (label: string, code: Mismatch["code"], exp: string, obs: string, detail: string) => void;

function checkPeerAndChannel(m: Message, kind: "send" | "recv", peer: string, channel: string, at: At): void {
  const want = kind === "send" ? m.to : m.from;
  if (peer !== want) at(m.label, "WRONG_PEER", want, peer, `${m.label} goes ${m.from} → ${m.to} in the spec; the ${kind} names ${peer}`);
  if (channel !== m.channel) at(m.label, "WRONG_CHANNEL", m.channel, channel, `${m.label} travels over ${m.channel} in the spec`);
}

/** The checks recorded before a receive must be the spec's checks for it, in order (a failed one ends the role's run first). */
function checkReceiveChecks(m: Message, seen: readonly CheckEvent[], at: At): void {
  for (const c of seen) {
    if (c.label !== m.label || !m.checks.some((x) => x.id === c.check))
      at(c.check, "UNKNOWN_CHECK", `a check of ${m.label} (${m.checks.map((x) => x.id).join(", ")})`, c.check, `check ${c.check} is not one the spec lists for ${m.label}`);
  }
  const ids = seen.map((c) => c.check);
  for (const c of m.checks)
    if (!ids.includes(c.id)) at(c.id, "CHECK_NOT_EXECUTED", `${c.id} (${c.kind} on ${c.description})`, "no check event before the receive", `${m.label} was accepted without running check ${c.id}`);
  const inSpec = ids.filter((id) => m.checks.some((c) => c.id === id));
  const order = m.checks.map((c) => c.id).filter((id) => inSpec.includes(id));
  if (inSpec.join() !== order.join()) at(m.label, "CHECK_ORDER", order.join(", "), inSpec.join(", "), `the checks of ${m.label} ran out of the spec's order`);
}

/** A rejection must come while receiving the next message the spec gives the role, after its earlier checks passed. */
function checkRejection(next: SpecEvent | undefined, seen: readonly CheckEvent[], at: At): void {
  const failed = seen[seen.length - 1]!;
  if (!next || next.kind !== "recv") {
    at(failed.check, "CHECK_OUTSIDE_RECEIVE", next ? specToken(next) : "end of the role", `check ${failed.check}`, `a check failed where the role is not receiving a message`);
    return;
  }
  const m = next.message;
  const prefix = m.checks.slice(0, seen.length).map((c) => c.id);
  const ids = seen.map((c) => c.check);
  if (failed.label !== m.label || prefix.join() !== ids.join())
    at(failed.check, "CHECK_ORDER", `checks of ${m.label} in order (${m.checks.map((c) => c.id).join(", ")})`, ids.join(", "), `the checks before the rejection are not the spec's checks of ${m.label}, in order`);
}
