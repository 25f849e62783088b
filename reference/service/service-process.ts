// Start, kill and restart one party's service process (serve-main.ts) on a fixed port, so that a
// restarted service is found where it was; its stdout (one JSON line per event) is kept.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execa, type ResultPromise } from "execa";
import { MedExChainError } from "../../protocol/errors.ts";
import type { ServiceRole } from "./serve-main.ts";

const here = dirname(fileURLToPath(import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
const MAIN = join(here, "serve-main.ts");

/** A service did not come up. */
export class ServiceStartError extends MedExChainError {
  constructor(name: string, detail: string) {
    super("E_SERVICE_START", `the ${name} service did not start: ${detail}`, "read the lines it printed (in the message) and check the chains' URLs, the deployment file and the data directory");
  }
}

/** A party's service: its role, arguments and the current process. */
export class ServiceProcess {
  readonly lines: string[] = [];
  private child: ResultPromise | undefined;
  private exitCode: number | undefined;
  private done: Promise<number> = Promise.resolve(0);
  url: string | undefined;
  pid: number | undefined;

  constructor(
    readonly name: string,
    readonly role: ServiceRole,
    private readonly args: readonly string[],
    readonly port: number,
    /** Extra Node options for the process (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
    private readonly nodeArgs: readonly string[] = [],
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.exitCode === undefined;
  }

  /** Start the process and wait for its `ready` line. */
  async start(timeoutMs = 60_000, extra: readonly string[] = []): Promise<void> {
    this.exitCode = undefined;
    const child = execa(process.execPath, [...this.nodeArgs, "--import", TSX_LOADER, MAIN, this.role, ...this.args, "--port", String(this.port), ...extra], { stdout: "pipe", stderr: "pipe", reject: false });
    this.child = child;
    this.pid = child.pid;
    const ready = new Promise<string>((resolve) => {
      child.stdout?.on("data", (b: Buffer) => {
        for (const l of b.toString("utf8").split("\n").filter(Boolean)) {
          this.lines.push(l);
          if (this.lines.length > 2_000) this.lines.splice(0, 1_000);
          if (l.includes('"ready":true')) resolve(l);
        }
      });
    });
    child.stderr?.on("data", (b: Buffer) => this.lines.push(...b.toString("utf8").split("\n").filter(Boolean).map((l) => JSON.stringify({ stderr: l }))));
    this.done = child.then((r) => (this.exitCode = r.exitCode ?? (r.signal ? 137 : 1)));
    const line = await Promise.race([ready, this.done.then(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), timeoutMs))]);
    if (!line) {
      await this.kill();
      throw new ServiceStartError(this.name, this.lines.slice(-8).join("\n") || "no output");
    }
    this.url = (JSON.parse(line) as { url: string }).url;
  }

  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number> {
    return this.done;
  }

  /** Kill the process (SIGKILL: no cleanup, as a crash) and wait for it. */
  async kill(): Promise<void> {
    if (this.running) this.child!.kill("SIGKILL");
    await this.done;
  }

  /** Stop the process politely (SIGTERM) and wait for it. */
  async stop(): Promise<void> {
    if (this.running) this.child!.kill("SIGTERM");
    await this.done;
  }
}
