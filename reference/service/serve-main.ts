// One party as its own long-running process: `tsx reference/service/serve-main.ts <role> --rpc-a URL
// --rpc-b URL --rpc-relay URL --deployment FILE --data-dir DIR [--index I] [--port P]
// [--blob-dir DIR] [--members URL,…] [--hospital-a URL] [--firewall-address ADDR] [--interval-ms N]
// [--batch-blocks N] [--confirmations N] [--trace]`. Roles: `relay` (the carrier: follows the chains
// and submits what the committee signs), `member` (one committee member, index I: signs what it
// checked itself, over HTTP), `patient` (patient I's agent: grants requests for her records, hands out
// record references), `hospital-b` (files requests, finishes deliveries), `hospital-a` (checks and
// anchors uploads, exactly once), `firewall` (filters a device's upload, forwards it to hospital A).
// State lives in DIR (atomic JSON) and so do the party's keys (DIR/keys.json, provisioned by `keys
// init`; reference/service/party-keys.ts). `--seed SEED [--patients N]` derives them from a demo seed
// instead. Every process serves `POST /status` (its counters, CPU time and memory; with
// `{"gc":true}` also the live heap after a full collection) and prints one JSON line per event to stdout.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { bytesToHex, hexToBytes } from "viem";
import { connectRpcChains, parseChainArgs } from "../chains/rpc.ts";
import type { ChainSet } from "../chains/adapter.ts";
import type { MedExChainDeployment } from "../chains/deploy.ts";
import { attachDeployment, loadDeployment } from "../audit/deployment-file.ts";
import { makeParties } from "../roles/parties.ts";
import { loadEvmIdentity, loadHospitalBKeys, loadPatientKeys } from "./party-keys.ts";
import { describeFailure, MedExChainError } from "../../protocol/errors.ts";
import { makeWorld } from "../roles/world.ts";
import { Patient } from "../roles/patient.ts";
import { HospitalB } from "../roles/hospital-b.ts";
import { FileBlobStore } from "../storage/file-blob-store.ts";
import { StateFile } from "../storage/state-file.ts";
import { DiscardTrace, FileTrace } from "../trace/events.ts";
import { CommitteeSigners } from "../committee/committee-signers.ts";
import { useFastBackend } from "../crypto/backend.ts";
import { answerJob, type MemberJob } from "../committee/member-check.ts";
import { CRASH_POINTS, RelayService, initialRelayState, type CrashPoint } from "../relay/relay-service.ts";
import { PatientAgent, initialPatientState } from "./patient-agent.ts";
import { HospitalBService, initialHospitalBState } from "./hospital-b-service.ts";
import { HA_CRASH_POINTS, HospitalAService, initialHospitalAState, type HaCrashPoint } from "./hospital-a-service.ts";
import { FirewallService, ServiceFirewall } from "./firewall-service.ts";
import { HospitalA } from "../roles/hospital-a.ts";
import { serveJson, type Routes } from "./json-http.ts";
import { liveHeap } from "./live-heap.ts";

export const SERVICE_ROLES = ["relay", "member", "patient", "hospital-b", "firewall", "hospital-a"] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** Run the service of `role` with `argv` until the process is killed; returns 2 on a usage error. */
export async function serve(role: string | undefined, argv: readonly string[]): Promise<number> {

  const say = (o: object) => process.stdout.write(JSON.stringify({ at: Date.now(), ...o }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) + "\n");
  if (!SERVICE_ROLES.includes(role as ServiceRole)) {
    console.error(`usage: serve <${SERVICE_ROLES.join("|")}> --rpc-a URL --rpc-b URL --rpc-relay URL --deployment FILE --data-dir DIR`);
    return 2;
  }
  const { rpc, rest } = parseChainArgs(argv);
  const { values } = parseArgs({
    args: rest,
    options: {
      deployment: { type: "string" },
      seed: { type: "string" },
      "data-dir": { type: "string" },
      index: { type: "string", default: "0" },
      port: { type: "string", default: "0" },
      "blob-dir": { type: "string" },
      members: { type: "string" },
      patients: { type: "string", default: "1" },
      "interval-ms": { type: "string", default: "50" },
      "batch-blocks": { type: "string", default: "2000" },
      confirmations: { type: "string", default: "0" },
      "crash-at": { type: "string" },
      trace: { type: "boolean", default: false },
      submitters: { type: "string", default: "1" },
      "hospital-a": { type: "string" },
      "firewall-address": { type: "string" },
    },
  });
  if (!values["data-dir"] || (role !== "member" && (!rpc || !values.deployment))) {
    console.error("serve needs --data-dir, and (except member) --rpc-a/--rpc-b/--rpc-relay and --deployment");
    return 2;
  }
  const dataDir = values["data-dir"];
  const index = Number(values.index);
  // The party's keys, loaded before anything else: a data directory without them fails here (KeyFileError).
  const parties = values.seed ? makeParties(values.seed, { patients: Number(values.patients) }) : undefined;
  const keys = {
    evm: (r: "firewall" | "hospital-a" | "member" | "relay") =>
      parties ? (r === "firewall" ? parties.firewall : r === "hospital-a" ? parties.ha : r === "member" ? parties.committee[index] : parties.committee[0]) : loadEvmIdentity(dataDir, r),
    patient: () => (parties ? parties.patients[index] : loadPatientKeys(dataDir)),
    hb: () => (parties ? parties.hb : loadHospitalBKeys(dataDir)),
  };
  const own = {
    member: role === "member" ? keys.evm("member") : undefined,
    relay: role === "relay" ? keys.evm("relay")! : undefined,
    patient: role === "patient" ? keys.patient() : undefined,
    hb: role === "hospital-b" ? keys.hb() : undefined,
    ha: role === "hospital-a" ? keys.evm("hospital-a")! : undefined,
    firewall: role === "firewall" ? keys.evm("firewall")! : undefined,
  };
  mkdirSync(dataDir, { recursive: true });
  // mcl-wasm for the pairing, re-key, re-encryption and first-level decryption, as the demo; noble if it cannot load.
  await useFastBackend();
  const follow = { batchBlocks: Number(values["batch-blocks"]), confirmations: Number(values.confirmations) };
  const counters: Record<string, number> = {};
  const count = (k: string, n = 1) => (counters[k] = (counters[k] ?? 0) + n);
  const started = Date.now();
  // Counters a service keeps itself (hospital A's, the firewall's), merged into /status.
  let serviceCounters: () => Record<string, number> = () => ({});
  // A polite stop exits normally, so that exit hooks run (e.g. --cpu-prof writing its profile).
  process.once("SIGTERM", () => process.exit(0));
  const routes: Routes = {
    // `{ "gc": true }` adds the live heap (after a full collection): what the service really holds.
    "/status": async (body) => ({ role, index, pid: process.pid, uptimeMs: Date.now() - started, cpu: process.cpuUsage(), memory: process.memoryUsage(), ...((body as { gc?: boolean } | undefined)?.gc ? { live: liveHeap() } : {}), counters: { ...counters, ...serviceCounters() } }),
  };

  /** Connect to the chains and the deployment, waiting for nodes that are not up yet. */
  async function attach(): Promise<{ chains: ChainSet; d: MedExChainDeployment }> {
    const addresses = loadDeployment(values.deployment!);
    for (;;) {
      try {
        const chains = await connectRpcChains(rpc!, { onRequest: (chain, method) => count(`rpc.${chain}.${method}`) });
        return { chains, d: await attachDeployment(chains, addresses, values.deployment) };
      } catch (e) {
        say({ waiting: e instanceof Error ? e.message.split(";")[0] : String(e) });
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** Run `pass` until killed; a failing pass (a node down) is reported and retried. */
  async function loop(pass: () => Promise<object & { [k: string]: unknown }>, busy: (r: Record<string, unknown>) => boolean): Promise<never> {
    const interval = Number(values["interval-ms"]);
    for (;;) {
      try {
        const r = await pass();
        if (busy(r)) say({ pass: r });
      } catch (e) {
        count("errors");
        say({ error: e instanceof Error ? e.message.split("\n")[0] : String(e) });
      }
      await new Promise((r) => setTimeout(r, interval));
    }
  }

  const crashAt = values["crash-at"] as CrashPoint | HaCrashPoint | undefined;
  const crashPoints: readonly string[] = role === "hospital-a" ? HA_CRASH_POINTS : CRASH_POINTS;
  if (crashAt && !crashPoints.includes(crashAt)) {
    console.error(`--crash-at must be one of ${crashPoints.join(", ")}`);
    return 2;
  }
  const die = (p: string) => {
    if (p === crashAt) {
      say({ crashed: p });
      process.exit(137);
    }
  };

  if (role === "member") {
    const me = own.member;
    if (!me) {
      console.error(`there is no committee member ${index} (the seed's committee has ${parties?.committee.length})`);
      return 2;
    }
    const account = privateKeyToAccount(bytesToHex(me.eth.sk));
    routes["/sign"] = async (job) => {
      count("signed");
      return answerJob(account, job as MemberJob);
    };
    routes["/address"] = async () => ({ address: account.address });
    const { url } = await serveJson(routes, { port: Number(values.port) });
    say({ ready: true, role, index, url, address: account.address });
  } else {
    const { chains, d } = await attach();
    const world = makeWorld(chains, d, new FileBlobStore(values["blob-dir"] ?? join(dataDir, "blobs")), { trace: values.trace ? new FileTrace(join(dataDir, "trace.jsonl")) : new DiscardTrace() });
    if (role === "relay") {
      const members = values.members?.split(",").filter(Boolean);
      const committee = members?.length
        ? CommitteeSigners.remote(
            await Promise.all(
              members.map(async (url) => {
                for (;;) {
                  try {
                    const r = await fetch(new URL("/address", url), { method: "POST" });
                    return { url, address: ((await r.json()) as { address: Address }).address };
                  } catch {
                    await new Promise((res) => setTimeout(res, 200));
                  }
                }
              }),
            ),
            d.committee.threshold,
          )
        : parties
          ? CommitteeSigners.of(parties.committee, d.committee.threshold)
          : undefined;
      if (!committee) {
        console.error("serve relay needs --members URL,… (the committee members' services), or --seed to run the seed's members as worker threads");
        return 2;
      }
      // The carrier's own account (with --seed: the first member's), plus funded accounts of the nodes
      // (the development mnemonic's, after the ones the deployment's setup uses), submit side by side.
      const submitters = [own.relay!.account, ...chains.funded.slice(3, 3 + Math.max(0, Number(values.submitters) - 1))];
    const service = new RelayService(chains, d, committee, submitters, die, { ...follow, concurrency: 32, store: new StateFile(join(dataDir, "relay-state.json"), initialRelayState) });
      const { url } = await serveJson(routes, { port: Number(values.port) });
      say({ ready: true, role, url, members: committee.addresses });
      await loop(async () => {
        // Items run on across passes (wait: false): each poll picks up new events while earlier items are in flight.
        const r = await service.pass({ wait: false });
        count("accepted", r.accepted);
        count("reEncrypted", r.reEncrypted);
        count("delivered", r.delivered);
        count("refused", r.refused.length);
        return { ...r };
      }, (r) => Boolean(r["recorded"] || r["accepted"] || r["reEncrypted"] || r["delivered"] || (r["refused"] as string[]).length));
    } else if (role === "patient") {
      const mine = own.patient;
      if (!mine) {
        console.error(`there is no patient ${index} (--patients ${values.patients})`);
        return 2;
      }
      const agent = new PatientAgent(world, new Patient(world, mine), new StateFile(join(dataDir, "patient-state.json"), initialPatientState), follow);
      routes["/intro"] = async (body) => ({ in1: bytesToHex(await agent.introduce((body as { recordId: Hex }).recordId)) });
      const { url } = await serveJson(routes, { port: Number(values.port) });
      say({ ready: true, role, index, url, address: mine.account.address });
      await loop(async () => {
        const r = await agent.pass({ wait: false });
        count("granted", r.granted);
        count("refused", r.refused);
        count("rejected", r.rejected.length);
        return { ...r };
      }, (r) => Boolean(r["granted"] || r["refused"] || (r["rejected"] as string[]).length));
    } else if (role === "hospital-a") {
      const firewall = values["firewall-address"] ?? parties?.firewall.account.address;
      if (!firewall) {
        console.error("serve hospital-a needs --firewall-address ADDR (the reverse firewall whose countersignature it accepts)");
        return 2;
      }
      const service = new HospitalAService(world, new HospitalA(world, own.ha!, firewall), new StateFile(join(dataDir, "hospital-a-state.json"), initialHospitalAState), die);
      routes["/upload"] = async (body) => service.receive(hexToBytes((body as { up2: Hex }).up2));
      serviceCounters = () => service.counters();
      // Uploads accepted before a crash and not yet anchored are anchored (or found on chain A) first.
      await service.pass().catch((e: unknown) => say({ error: e instanceof Error ? e.message.split("\n")[0] : String(e) }));
      const { url } = await serveJson(routes, { port: Number(values.port) });
      say({ ready: true, role, url, address: own.ha!.account.address, firewall });
      await loop(async () => ({ ...(await service.pass()) }), (r) => Boolean(r["anchored"]));
    } else if (role === "firewall") {
      if (!values["hospital-a"]) {
        console.error("serve firewall needs --hospital-a URL (hospital A's service, where it forwards uploads)");
        return 2;
      }
      const service = new FirewallService(new ServiceFirewall(world, own.firewall!), values["hospital-a"]);
      routes["/upload"] = async (body) => service.receive(hexToBytes((body as { up1: Hex }).up1));
      serviceCounters = () => ({ forwarded: service.forwarded, rejected: service.rejected });
      const { url } = await serveJson(routes, { port: Number(values.port) });
      say({ ready: true, role, url, address: own.firewall!.account.address, hospitalA: values["hospital-a"] });
    } else {
      const service = new HospitalBService(world, new HospitalB(world, own.hb!), new StateFile(join(dataDir, "hospital-b-state.json"), initialHospitalBState), { ...follow, concurrency: 8 });
      routes["/share"] = async (body) => {
        const b = body as { shareId: string; in1: Hex };
        count("requested");
        return { requestId: await service.share(b.shareId, Uint8Array.from(Buffer.from(b.in1.slice(2), "hex"))) };
      };
      const { url } = await serveJson(routes, { port: Number(values.port) });
      say({ ready: true, role, url });
      await loop(async () => {
        const r = await service.pass({ wait: false });
        count("acknowledged", r.acknowledged.length);
        count("refused", r.refused);
        count("rejected", r.rejected.length);
        return { ...r };
      }, (r) => Boolean((r["acknowledged"] as unknown[]).length || r["refused"] || (r["rejected"] as string[]).length));
    }
  }
  return 0;
}

// Run as a script (a service process started by ServiceProcess): the role and options from argv.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [role, ...argv] = process.argv.slice(2);
  try {
    process.exitCode = await serve(role, argv);
  } catch (e) {
    // A typed failure (keys missing, a file damaged) is one line with its remedy, not a stack.
    if (!(e instanceof MedExChainError)) throw e;
    console.error(describeFailure(e));
    process.exitCode = 1;
  }
}
