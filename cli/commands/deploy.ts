// medexchain deploy up|down: a whole local deployment as separate processes — three `hardhat node`
// chains (or the nodes given with --rpc-*), the contracts deployed and the parties registered, and
// one service per party (scenario/local-deployment.ts). `up` stays in the foreground and takes
// everything down on SIGINT/SIGTERM; `down` signals the `up` process named in DIR/manifest.json.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CommandUsageError, defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { parseChainArgs } from "../../reference/chains/rpc.ts";
import { LocalDeployment, type DeploymentManifest } from "../../scenario/local-deployment.ts";

export const command = defineCommand({
  name: "deploy",
  summary: "Bring a local deployment up as separate processes (chain nodes, committee members, relay carrier, patient agents, hospital B, hospital A, the reverse firewall), each party's keys provisioned into its own data directory first, or down again.",
  positionals: "up|down",
  options: {
    dir: { type: "string", value: "DIR", description: "data directories, deployment file, manifest (default: out/deployment under the repository root)" },
    seed: { type: "string", value: "SEED", description: "provision the parties' keys from this seed (a reproducible run); default: fresh keys from the OS CSPRNG. Keys already in DIR are kept" },
    patients: { type: "string", value: "N", default: "1", description: "patients (each with her agent)" },
    "rpc-a": { type: "string", value: "URL", description: "use this node for chain A instead of starting hardhat node (all three --rpc-* or none)" },
    "rpc-b": { type: "string", value: "URL", description: "chain B's node" },
    "rpc-relay": { type: "string", value: "URL", description: "the relay chain's node" },
  },
  details: "up prints the services' URLs and writes DIR/manifest.json, then waits; Ctrl-C (or deploy down) stops every service and the nodes it started. Exit 0 after a clean shutdown.",
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const dir = outPath(values.dir, "out", "deployment");
  const what = positionals[0];
  if (what === "down") {
    const file = join(dir, "manifest.json");
    if (!existsSync(file)) throw new CommandUsageError("deploy", `no deployment is up in ${dir} (no manifest.json)`);
    const m = JSON.parse(readFileSync(file, "utf8")) as DeploymentManifest;
    try {
      process.kill(m.ownerPid, "SIGTERM");
    } catch {
      console.log(`the deployment's owner process ${m.ownerPid} is not running`);
      return 0;
    }
    for (let i = 0; i < 600; i++) {
      try {
        process.kill(m.ownerPid, 0);
      } catch {
        console.log(`deployment in ${dir} is down`);
        return 0;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`the owner process ${m.ownerPid} did not exit within 60 s`);
    return 1;
  }
  if (what !== "up") throw new CommandUsageError("deploy", `say up or down, not ${what ?? "nothing"}`);
  const { rpc } = parseChainArgs(argv);
  const ld = await LocalDeployment.up({ dir, patients: Number(values.patients), ...(values.seed ? { seed: values.seed } : {}), ...(rpc ? { rpc } : {}) });
  const m = ld.manifest();
  console.log(`deployment up in ${dir} (manifest.json, deployment.json)`);
  for (const n of m.nodes) console.log(`  chain ${n.chain.padEnd(6)} ${n.url}`);
  for (const s of m.services) console.log(`  ${s.name.padEnd(12)} ${s.url ?? ""}  pid ${s.pid ?? "?"}  data ${s.dataDir}`);
  console.log("Ctrl-C or `medexchain deploy down` stops it.");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await ld.down();
  console.log("deployment down");
  return 0;
}
