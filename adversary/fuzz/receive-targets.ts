// Every role's receive path under malformed input. Byte-fed paths (up1 → F, up2 → HA, in1 → HB)
// get mutated wire bytes; chain-fed paths (an1, rq1, rq2, gr1, dl1, ak1) read events a lying node
// mutated, and fe1 a blob a lying store mutated. Property: each input ends in a typed error, and a
// role never accepts (records a receive of) a message whose spec fields differ from the genuine
// one's; while fuzzing the chains are read-only, and afterwards nothing stored has changed.
import fc from "fast-check";
import { hexToBytes, type Hex } from "viem";
import type { ChainEvent } from "../../reference/chains/adapter.ts";
import { Firewall } from "../../reference/roles/firewall.ts";
import { HospitalA } from "../../reference/roles/hospital-a.ts";
import { Patient } from "../../reference/roles/patient.ts";
import { Relay } from "../../reference/roles/relay.ts";
import type { TraceEvent } from "../../reference/trace/events.ts";
import { applyMutation, mutatedFrom, mutation, type Mutation } from "./byte-mutations.ts";
import { describeError, isTypedError } from "./typed-errors.ts";
import { FuzzViolation, propertyTarget, type FuzzTarget } from "./target.ts";
import type { FuzzWorld } from "./fuzz-world.ts";

/** Run a role's receive on one input; returns the outcome label, throws FuzzViolation on a crash or a wrong acceptance. */
async function judged(w: FuzzWorld, label: string, call: () => Promise<unknown>, opts: { unauthenticated?: readonly string[] } = {}): Promise<string> {
  const mark = w.dep.world.trace.events.length;
  let outcome: string;
  try {
    await call();
    outcome = "accepted";
  } catch (e) {
    if (!isTypedError(e)) throw new FuzzViolation(`crashed with an untyped error: ${describeError(e)}`);
    outcome = (e as { checkId?: string }).checkId ?? (e as { code: string }).code;
  }
  const genuine = w.received[label]!;
  for (const ev of w.dep.world.trace.events.slice(mark) as readonly TraceEvent[]) {
    if (ev.kind !== "recv" || ev.label !== label) continue;
    const changed = Object.keys(genuine).filter((f) => ev.fields[f] !== genuine[f] && !opts.unauthenticated?.includes(f));
    if (changed.length) throw new FuzzViolation(`${ev.role} accepted ${label} with altered field(s) ${changed.join(", ")}`);
    outcome = outcome === "accepted" ? "accepted (unchanged fields)" : `${outcome} after accepting unchanged fields`;
  }
  return outcome;
}

/** After a target: the chains and the store hold exactly what they held before. */
function unchanged(w: FuzzWorld, before: () => string | undefined): () => Promise<void> {
  return async () => {
    const now = await w.chainState();
    if (now !== before()) throw new FuzzViolation(`stored state changed: ${before()} → ${now}`);
  };
}

let fresh = 0;
const freshRun = (what: string) => `fuzz-${what}-${++fresh}`;

/** A byte-fed target: mutated wire bytes of `label` into a role method on a fresh run. */
function bytesTarget(w: FuzzWorld, name: string, label: string, receive: (run: string, bytes: Uint8Array) => Promise<unknown>, opts: { unauthenticated?: readonly string[]; genuineAfter?: boolean | RegExp } = {}): FuzzTarget {
  let state: string | undefined;
  const check = unchanged(w, () => state);
  return propertyTarget(
    name,
    "receive",
    async () => {
      state = await w.chainState();
      return mutatedFrom([w.sent[label]!]);
    },
    async (m) => {
      w.readOnly(true);
      try {
        return await judged(w, label, () => receive(freshRun(label), m.bytes), opts);
      } finally {
        w.readOnly(false);
      }
    },
    {
      after: async () => {
        await check();
        if (opts.genuineAfter) {
          const o = await judged(w, label, () => receive(freshRun(label), w.sent[label]!));
          // A genuine upload the fuzz world's share already anchored is refused as a replay (chain A
          // remembers it; HA remembers only what it anchored), and must be refused at that check, no other.
          const expected = opts.genuineAfter instanceof RegExp ? opts.genuineAfter : /^accepted/;
          if (!expected.test(o)) throw new FuzzViolation(`the genuine ${label} met "${o}" after fuzzing, not ${expected}: rejected inputs changed the role's state`);
        }
      },
      show: (m) => JSON.stringify({ mutations: m.mutations }),
    },
  );
}

/** How a lying node alters one event argument. */
interface ArgMutation {
  event: string;
  arg: string;
  /** "fixed": an ABI type of fixed size (bytes32, address): a node can lie about its value, not its size. */
  size: "fixed" | "dynamic";
  mutations: Mutation[];
  salt: bigint;
}

function mutateArg(v: unknown, m: ArgMutation): unknown {
  if (typeof v === "string" && v.startsWith("0x")) {
    const before = hexToBytes(v as Hex);
    let out = m.mutations.reduce(applyMutation, before);
    if (m.size === "fixed") {
      const fitted = new Uint8Array(before.length);
      fitted.set(out.slice(0, before.length));
      out = fitted;
    }
    return `0x${Buffer.from(out).toString("hex")}`;
  }
  if (typeof v === "bigint") return v ^ (m.salt === 0n ? 1n : m.salt);
  if (typeof v === "number") return v ^ Number((m.salt % 255n) + 1n);
  return v;
}

/** A chain-fed target: events named in `args` reach the role with one argument mutated. */
function eventTarget(w: FuzzWorld, name: string, label: string, chain: "a" | "b" | "relay", args: Record<string, Record<string, "fixed" | "dynamic">>, receive: () => Promise<unknown>): FuzzTarget {
  let state: string | undefined;
  const choices = Object.entries(args).flatMap(([event, names]) => Object.entries(names).map(([arg, size]) => ({ event, arg, size })));
  const arb = fc.record({
    pick: fc.constantFrom(...choices),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    salt: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  });
  return propertyTarget(
    name,
    "receive",
    async () => {
      state = await w.chainState();
      return arb;
    },
    async ({ pick, mutations, salt }) => {
      const m: ArgMutation = { ...pick, mutations, salt };
      const c = w.chains[chain];
      c.mutate = (evs: ChainEvent[]) => evs.map((e) => (e.eventName === m.event ? { ...e, args: { ...e.args, [m.arg]: mutateArg(e.args[m.arg], m) } } : e));
      w.readOnly(true);
      try {
        return await judged(w, label, receive);
      } finally {
        c.mutate = undefined;
        w.readOnly(false);
      }
    },
    { after: unchanged(w, () => state) },
  );
}

/** A role method fed the honest notice with its proof bytes mutated. */
function proofTarget(w: FuzzWorld, name: string, label: string, proof: Uint8Array, receive: (proof: Uint8Array) => Promise<unknown>): FuzzTarget {
  let state: string | undefined;
  return propertyTarget(
    name,
    "receive",
    async () => {
      state = await w.chainState();
      return mutatedFrom([proof]);
    },
    async (m) => {
      w.readOnly(true);
      try {
        return await judged(w, label, () => receive(m.bytes));
      } finally {
        w.readOnly(false);
      }
    },
    { after: unchanged(w, () => state), show: (m) => JSON.stringify({ mutations: m.mutations }) },
  );
}

const F = "fixed" as const;
const D = "dynamic" as const;

/** The receive targets over one fuzzing world. */
export function receiveTargets(w: FuzzWorld): FuzzTarget[] {
  const { dep, share } = w;
  const sh = "share-1";
  const patientKeys = dep.parties.patients[0]!;
  // Fresh instances where a role remembers what it accepted (nonces, uploads), so a genuine input stays acceptable.
  const ha = new HospitalA(dep.world, dep.parties.ha, dep.parties.firewall.account.address);
  const patient = new Patient(dep.world, patientKeys);
  const relay = new Relay(dep.world, dep.relay.committee, dep.parties.committee[0]!.account);
  const firewall = new Firewall(dep.world, dep.parties.firewall);
  return [
    bytesTarget(w, "receive: up1 at the firewall", "up1", (run, b) => firewall.filter(run, b), { genuineAfter: true }),
    bytesTarget(w, "receive: up2 at HA", "up2", (run, b) => ha.acceptUpload(run, b), { genuineAfter: /^up2\.replay$/ }),
    // in1 is the out-of-band hand-over of a record reference: it carries no authenticator, so only
    // its patient is checked (a wrong record is caught when chain A refuses or the patient declines).
    bytesTarget(w, "receive: in1 at HB", "in1", (run, b) => dep.hb.receiveIntro(run, b), { unauthenticated: ["rec"], genuineAfter: true }),
    eventTarget(w, "receive: an1 at the patient", "an1", "a", { RecordAnchored: { recordId: F, owner: F, hospital: F, device: F, cid: D, blobHash: F, preCiphertext: D, evidence: D } }, () => patient.observeRecord(freshRun("an1"), share.recordId)),
    eventTarget(w, "receive: rq1 at the relay", "rq1", "b", { Outbound: { payload: D } }, () => relay.carryRequest(freshRun("rq1"), share.requestTx)),
    eventTarget(w, "receive: rq2 at the patient", "rq2", "a", { RequestAccepted: { request: D, digest: F, requestId: F }, Carried: { srcChainId: F, dstChainId: F } }, () => patient.receiveRequest(freshRun("rq2"), share.request)),
    proofTarget(w, "receive: rq2 proof at the patient", "rq2", share.request.proof, (proof) => patient.receiveRequest(freshRun("rq2"), { ...share.request, proof })),
    eventTarget(w, "receive: gr1 at the relay", "gr1", "a", { Granted: { reKey: D, patientSig: D, recordId: F, patient: F }, RecordAnchored: { owner: F, hospital: F, device: F, cid: D, blobHash: F, preCiphertext: D, evidence: D } }, () => dep.relay.reEncryptAndDeliver(sh)),
    eventTarget(w, "receive: dl1 at HB", "dl1", "b", { Delivered: { delivery: D, digest: F } }, () => dep.hb.receiveDelivery(sh, share.delivery)),
    proofTarget(w, "receive: dl1 proof at HB", "dl1", share.delivery.proof, (proof) => dep.hb.receiveDelivery(sh, { ...share.delivery, proof })),
    blobTarget(w),
    eventTarget(w, "receive: ak1 at the relay", "ak1", "b", { Acknowledged: { ackHash: F, ed25519Sig: D } }, () => dep.relay.receiveAck(sh)),
  ];
}

/** fe1: a lying store serves mutated blob bytes under the record's CID. */
function blobTarget(w: FuzzWorld): FuzzTarget {
  let state: string | undefined;
  return propertyTarget(
    "receive: fe1 at HB",
    "receive",
    async () => {
      state = await w.chainState();
      return fc.array(mutation, { minLength: 1, maxLength: 3 });
    },
    async (mutations) => {
      w.store.serve = (real) => mutations.reduce(applyMutation, real);
      w.readOnly(true);
      try {
        return await judged(w, "fe1", () => w.dep.hb.fetchRecord("share-1"));
      } finally {
        w.store.serve = undefined;
        w.readOnly(false);
      }
    },
    { after: unchanged(w, () => state) },
  );
}
