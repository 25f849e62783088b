// A whole MedExChain deployment as separate processes: three chain nodes (`hardhat node`, or nodes
// the caller already runs — any Ethereum JSON-RPC node), the contracts deployed and every party
// registered, then one service process per party: each committee member, the relay carrier, each
// patient's agent, hospital B, hospital A and the reverse firewall (reference/service/serve-main.ts),
// each with its own data directory and a fixed port, so a service killed and restarted resumes where
// it was. The driver side (this process) plays the devices, which are clients: `upload` sends a
// device's message to the firewall service. Shares start by asking a patient's agent for a record
// reference and handing it to hospital B's service.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Hex } from "viem";
import { connectRpcChains, type RpcUrls } from "../reference/chains/rpc.ts";
import { freePort, startHardhatNodes } from "../reference/chains/hardhat-node.ts";
import type { ChainSet } from "../reference/chains/adapter.ts";
import { saveDeployment } from "../reference/audit/deployment-file.ts";
import { FileBlobStore } from "../reference/storage/file-blob-store.ts";
import { ServiceProcess } from "../reference/service/service-process.ts";
import { callJson } from "../reference/service/json-http.ts";
import { sendUpload, type UploadRetry } from "../reference/service/device-client.ts";
import { deployAndRegister } from "./setup.ts";
import { provisionParties } from "./provision.ts";
import { makeWorld, type World } from "../reference/roles/world.ts";
import { Device } from "../reference/roles/device.ts";
import { hexToBytes } from "viem";

/** Options of a local deployment. */
export interface LocalDeploymentOptions {
  /** Where data directories, the deployment file and logs go. */
  dir: string;
  /** Provision the parties' keys from this seed (a reproducible run); default: the OS CSPRNG. */
  seed?: string;
  patients?: number;
  /** Nodes to use instead of starting `hardhat node` processes. */
  rpc?: RpcUrls;
  /** Relay poll interval (ms). */
  intervalMs?: number;
  /** Extra Node options of every service process (e.g. --cpu-prof to profile them). */
  nodeArgs?: string[];
}

/** What `up` wrote for `down` and for other tools: URLs, pids, files. */
export interface DeploymentManifest {
  /** How the keys were provisioned: "csprng", or "seed:SEED". */
  provisioning: string;
  rpc: RpcUrls;
  deploymentFile: string;
  blobDir: string;
  services: { name: string; role: string; url?: string; pid?: number; dataDir: string }[];
  nodes: { chain: string; url: string }[];
  /** The process that owns everything (`deploy up`), which `deploy down` signals. */
  ownerPid: number;
}

/** The driver's view of a local deployment: the shared world (chains, contracts, blob store) and the devices. */
export interface LocalParties {
  readonly world: World;
  /** Patient i's device: a client the driver runs, its keys in DIR/device-i. */
  readonly devices: readonly Device[];
  /** Gas of deployment and registration. */
  readonly gas: bigint;
}

export class LocalDeployment {
  private constructor(
    readonly opts: Required<Omit<LocalDeploymentOptions, "rpc" | "seed">> & { rpc?: RpcUrls; seed?: string },
    readonly urls: RpcUrls,
    readonly chains: ChainSet,
    readonly dep: LocalParties,
    readonly deploymentFile: string,
    readonly services: Map<string, ServiceProcess>,
    private readonly stopNodes: () => Promise<void>,
    /** Process ids of the chain nodes this deployment started (none for given nodes). */
    readonly nodePids: Record<string, number>,
  ) {}

  /** Start nodes (unless given), deploy, register, start every service; everything started is stopped again on failure. */
  static async up(given: LocalDeploymentOptions): Promise<LocalDeployment> {
    const opts = { patients: 1, intervalMs: 50, nodeArgs: [], ...given };
    mkdirSync(opts.dir, { recursive: true });
    const nodes = opts.rpc ? undefined : await startHardhatNodes();
    const urls = opts.rpc ?? nodes!.urls;
    const cleanup: (() => Promise<void>)[] = [async () => nodes?.stop()];
    const services = new Map<string, ServiceProcess>();
    try {
      const chains = await connectRpcChains(urls);
      cleanup.unshift(() => chains.close());
      const blobDir = join(opts.dir, "blobs");
      // Keys first, each in its party's data directory; the chains learn only what registration needs.
      const provisioned = provisionParties(opts.dir, { patients: opts.patients, ...(opts.seed === undefined ? {} : { seed: opts.seed }) });
      const { deployment, gas } = await deployAndRegister(chains, provisioned.registrants);
      const world = makeWorld(chains, deployment, new FileBlobStore(blobDir));
      const { registrants: r } = provisioned;
      const devices = provisioned.devices.map(({ patient, device }) => new Device(world, { id: patient.id, pre: patient.pre, device }, hexToBytes(r.ha), hexToBytes(r.firewall)));
      const dep: LocalParties = { world, devices, gas };
      const deploymentFile = join(opts.dir, "deployment.json");
      saveDeployment(deployment, deploymentFile);
      const common = ["--rpc-a", urls.a, "--rpc-b", urls.b, "--rpc-relay", urls.relay, "--deployment", deploymentFile, "--blob-dir", blobDir, "--interval-ms", String(opts.intervalMs)];
      const add = async (name: string, role: ServiceProcess["role"], args: string[]) => {
        const dataDir = provisioned.dirs[name]!;
        const s = new ServiceProcess(name, role, [...common, "--data-dir", dataDir, ...args], await freePort(), opts.nodeArgs);
        services.set(name, s);
        return s;
      };
      cleanup.unshift(async () => {
        await Promise.all([...services.values()].map((s) => s.kill()));
      });
      const members = await Promise.all(r.committee.map((_, i) => add(`member-${i}`, "member", ["--index", String(i)])));
      await Promise.all(members.map((m) => m.start()));
      const relay = await add("relay", "relay", ["--members", members.map((m) => m.url!).join(","), ...(opts.rpc ? [] : ["--submitters", "4"])]);
      const patients = await Promise.all(r.patients.map((_, i) => add(`patient-${i}`, "patient", ["--index", String(i)])));
      const hb = await add("hospital-b", "hospital-b", []);
      const ha = await add("hospital-a", "hospital-a", ["--firewall-address", r.firewall]);
      // The firewall forwards to hospital A's fixed port; it may come up first (a forward then fails and the device retries).
      const firewall = await add("firewall", "firewall", ["--hospital-a", `http://127.0.0.1:${ha.port}`]);
      await Promise.all([relay, ...patients, hb, ha, firewall].map((s) => s.start()));
      const stopNodes = async () => {
        for (const c of cleanup.slice(1)) await c();
      };
      const nodePids = Object.fromEntries(Object.entries(nodes?.nodes ?? {}).flatMap(([c, n]) => (n.pid ? [[`node-${c}`, n.pid]] : [])));
      const ld = new LocalDeployment(opts, urls, chains, dep, deploymentFile, services, stopNodes, nodePids);
      ld.writeManifest();
      return ld;
    } catch (e) {
      for (const c of cleanup) await c().catch(() => undefined);
      throw e;
    }
  }

  /** A service by name ("relay", "member-0", "patient-0", "hospital-b"). */
  service(name: string): ServiceProcess {
    const s = this.services.get(name);
    if (!s) throw new Error(`no service ${name}; there are ${[...this.services.keys()].join(", ")}`);
    return s;
  }

  /** Kill a service (SIGKILL) and start it again on its port with its data directory (`extra`: arguments for this start only). */
  async restart(name: string, extra: readonly string[] = []): Promise<void> {
    const s = this.service(name);
    await s.kill();
    await s.start(60_000, extra);
  }

  /**
   * Upload one PHR the way a device does: the patient's device (here, in the caller's process: a
   * device is a client) produces up1 and sends it to the firewall service, which forwards to hospital
   * A's service; returns the record id chain A anchored it under. Retries on a timeout or a service
   * down are safe (the same upload is never a second record).
   */
  async upload(phr: Uint8Array, opts: { patient?: number; run?: string } & UploadRetry = {}): Promise<Hex> {
    const device = this.dep.devices[opts.patient ?? 0];
    if (!device) throw new Error(`no device for patient ${opts.patient}; the deployment has ${this.dep.devices.length} patient(s)`);
    const run = opts.run ?? `device-upload-${this.uploads++}`;
    try {
      const up1 = device.upload(run, phr, await this.chains.a.now());
      return (await sendUpload(this.service("firewall").url!, up1, opts)).recordId;
    } finally {
      device.endRun(run);
    }
  }
  private uploads = 0;

  /** Start share `shareId` of record `recordId` owned by patient `patient`: her agent's reference, handed to HB's service. Returns the request id. */
  async startShare(shareId: string, recordId: Hex, patient = 0): Promise<Hex> {
    const { in1 } = await callJson<{ in1: Hex }>(this.service(`patient-${patient}`).url!, "/intro", { recordId });
    return (await callJson<{ requestId: Hex }>(this.service("hospital-b").url!, "/share", { shareId, in1 })).requestId;
  }

  /** Every service's /status (counters, CPU time, memory; with `gc`, the live heap after a full collection), by name. */
  async status(opts: { gc?: boolean } = {}): Promise<Record<string, { cpu: { user: number; system: number }; memory: { rss: number; heapUsed: number }; live?: { heapUsed: number }; counters: Record<string, number> }>> {
    const out: Record<string, never> = {};
    await Promise.all([...this.services].map(async ([n, s]) => (out[n] = await callJson<never>(s.url!, "/status", opts.gc ? { gc: true } : {}))));
    return out;
  }

  /** What `deploy down` and other tools need. */
  manifest(): DeploymentManifest {
    return {
      provisioning: this.opts.seed === undefined ? "csprng" : `seed:${this.opts.seed}`,
      rpc: this.urls,
      deploymentFile: this.deploymentFile,
      blobDir: join(this.opts.dir, "blobs"),
      services: [...this.services].map(([name, s]) => ({ name, role: s.role, ...(s.url ? { url: s.url } : {}), ...(s.pid ? { pid: s.pid } : {}), dataDir: join(this.opts.dir, name) })),
      nodes: [
        { chain: "A", url: this.urls.a },
        { chain: "B", url: this.urls.b },
        { chain: "relay", url: this.urls.relay },
      ],
      ownerPid: process.pid,
    };
  }

  private writeManifest(): void {
    writeFileSync(join(this.opts.dir, "manifest.json"), JSON.stringify(this.manifest(), null, 2) + "\n");
  }

  /** Stop every service, close the connections and stop the nodes this deployment started. */
  async down(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.stop()));
    await this.stopNodes();
  }
}
