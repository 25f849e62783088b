// Start, crash and kill the relay process (relay-main.ts) from a test or the fault experiments.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execa, type ResultPromise } from "execa";
import type { RpcUrls } from "../chains/rpc.ts";
import type { CrashPoint } from "./relay-service.ts";

const here = dirname(fileURLToPath(import.meta.url));
// tsx as a loader inside one node process (its CLI would run the script in a grandchild, which a
// kill of the child would leave running).
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
const MAIN = join(here, "relay-main.ts");

/** A running relay process. */
export class RelayProcess {
  /** Its stdout, one JSON line per entry. */
  readonly lines: string[] = [];
  private exitCode: number | undefined;
  private readonly done: Promise<number>;

  private constructor(private readonly child: ResultPromise) {
    child.stdout?.on("data", (b: Buffer) => this.lines.push(...b.toString("utf8").split("\n").filter(Boolean)));
    child.stderr?.on("data", (b: Buffer) => this.lines.push(...b.toString("utf8").split("\n").filter(Boolean).map((l) => JSON.stringify({ stderr: l }))));
    this.done = child.then((r) => (this.exitCode = r.exitCode ?? (r.signal ? 137 : 1)));
  }

  /** Start the relay; with `crashAt` it dies (exit 137) the first time it passes that point; with `dataDir` it resumes from the state saved there. */
  static start(urls: RpcUrls, deploymentFile: string, seed: string, crashAt?: CrashPoint, dataDir?: string): RelayProcess {
    const args = ["--import", TSX_LOADER, MAIN, "--rpc-a", urls.a, "--rpc-b", urls.b, "--rpc-relay", urls.relay, "--deployment", deploymentFile, "--seed", seed, ...(crashAt ? ["--crash-at", crashAt] : []), ...(dataDir ? ["--data-dir", dataDir] : [])];
    return new RelayProcess(execa(process.execPath, args, { stdout: "pipe", stderr: "pipe", reject: false }));
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Resolves with the exit code once the process has ended (a crash point exits with 137). */
  exited(): Promise<number> {
    return this.done;
  }

  /** Kill the process (SIGKILL: no cleanup, as a crash) and wait for it. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill("SIGKILL");
    await this.done;
  }
}
