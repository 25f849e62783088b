// Time every role method of a deployment as the real share calls it: each method of each party's
// object is wrapped so its wall time (including the chain I/O it awaits) and this process's CPU time
// over the call are recorded with the party and the protocol phase. CPU time covers the embedded
// chains too (they run in this process), so it is "party plus the chain work its call caused".
// Only meaningful when calls do not overlap (sequential shares).
import type { Deployment } from "../scenario/setup.ts";

/** Party letters of the brief. */
export type Party = "D" | "F" | "P" | "HA" | "HB" | "R" | "Au";
/** Protocol phases of one record's journey. */
export type Phase = "upload" | "request" | "authorisation" | "transfer" | "access" | "audit";

/** One timed role call. */
export interface RoleCall {
  /** the share (run) the call belonged to */
  run: string;
  party: Party;
  method: string;
  phase: Phase;
  wallMs: number;
  cpuMs: number;
}

/** Which phase each role method belongs to (the methods runShare calls). */
export const ROLE_METHODS: readonly { party: Party; object: keyof Pick<Deployment, "firewall" | "ha" | "hb" | "relay">; method: string; phase: Phase }[] = [
  { party: "F", object: "firewall", method: "filter", phase: "upload" },
  { party: "HA", object: "ha", method: "acceptUpload", phase: "upload" },
  { party: "HA", object: "ha", method: "anchor", phase: "upload" },
  { party: "HB", object: "hb", method: "receiveIntro", phase: "request" },
  { party: "HB", object: "hb", method: "request", phase: "request" },
  { party: "R", object: "relay", method: "carryRequest", phase: "request" },
  { party: "R", object: "relay", method: "reEncryptAndDeliver", phase: "transfer" },
  { party: "HB", object: "hb", method: "receiveDelivery", phase: "access" },
  { party: "HB", object: "hb", method: "fetchRecord", phase: "access" },
  { party: "HB", object: "hb", method: "acknowledge", phase: "access" },
  { party: "R", object: "relay", method: "receiveAck", phase: "access" },
];

/** Per-patient objects (one device and one patient role per patient). */
const PER_PATIENT: readonly { party: Party; list: "devices" | "patients"; method: string; phase: Phase }[] = [
  { party: "D", list: "devices", method: "upload", phase: "upload" },
  { party: "P", list: "patients", method: "observeRecord", phase: "upload" },
  { party: "P", list: "patients", method: "introduce", phase: "request" },
  { party: "P", list: "patients", method: "receiveRequest", phase: "request" },
  { party: "P", list: "patients", method: "grant", phase: "authorisation" },
];

type Methods = Record<string, (...args: unknown[]) => unknown>;

function wrap(target: object, method: string, party: Party, phase: Phase, sink: RoleCall[], current: () => string | undefined): void {
  const obj = target as Methods;
  const original = obj[method];
  if (typeof original !== "function") throw new TypeError(`role method ${party}.${method} does not exist`);
  obj[method] = function (this: unknown, ...args: unknown[]) {
    const run = current();
    if (run === undefined) return original.apply(this, args);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const done = () => {
      const c = process.cpuUsage(c0);
      sink.push({ run, party, method, phase, wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 });
    };
    const out = original.apply(this, args);
    if (out instanceof Promise) return out.finally(done);
    done();
    return out;
  };
}

/** Instruments every role object of `dep`; calls are recorded, under the run `current()` names, while it names one. */
export function instrumentRoles(dep: Deployment, current: () => string | undefined): RoleCall[] {
  const sink: RoleCall[] = [];
  for (const m of ROLE_METHODS) wrap(dep[m.object], m.method, m.party, m.phase, sink, current);
  for (const m of PER_PATIENT) for (const o of dep[m.list]) wrap(o, m.method, m.party, m.phase, sink, current);
  return sink;
}
