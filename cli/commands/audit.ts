// medexchain audit: read every chain's audit log, events and relay calldata and match each share
// across the chains; writes out/audit/report.json and prints a readable report.
// Embedded chains live inside one process, so with no --rpc-* options the command first runs the
// demo share on fresh embedded chains and audits those. With --rpc-* it audits the deployment named
// by --deployment FILE on those nodes, or else runs the demo share there first.
import { CommandUsageError, defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openChainsFromArgs } from "../../reference/chains/open-chains.ts";
import { runDemo } from "../../scenario/demo.ts";
import { auditDeployment, auditDeploymentIncremental } from "../../reference/audit/auditor.ts";
import { initialAuditorState } from "../../reference/audit/incremental-view.ts";
import { StateFile } from "../../reference/storage/state-file.ts";
import { attachDeployment, loadDeployment, saveDeployment } from "../../reference/audit/deployment-file.ts";
import { formatAuditReport } from "../../reference/audit/report-text.ts";
import type { MedExChainDeployment } from "../../reference/chains/deploy.ts";

/** Run the audit (see the header); exit code 0 when clean. */
export const command = defineCommand({
  name: "audit",
  summary: "Read every chain's hash-linked audit log, events and relay calldata, match each share across the three chains and name the party at fault for every gap, alteration, replay or out-of-order step. Without --rpc-* it runs the demo share on fresh embedded chains and audits those. Exit 1 unless clean.",
  options: {
    deployment: { type: "string", value: "FILE", description: "audit the deployment recorded in FILE (needs --rpc-*); without it the demo share runs first" },
    "save-deployment": { type: "string", value: "FILE", description: "record the audited deployment's contract addresses in FILE" },
    state: { type: "string", value: "FILE", description: "with --deployment: keep what was read in FILE and, on the next run, read only what is new (an incremental audit; same report)" },
    out: { type: "string", value: "DIR", description: "where to write report.json (default: out/audit under the repository root)" },
    json: { type: "boolean", description: "print the report as JSON" },
    "rpc-a": { type: "string", value: "URL", description: "chain A's JSON-RPC node (all three --rpc-* or none: without them, embedded chains)" },
    "rpc-b": { type: "string", value: "URL", description: "chain B's JSON-RPC node" },
    "rpc-relay": { type: "string", value: "URL", description: "the relay chain's JSON-RPC node" },
  },
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const { chains } = await openChainsFromArgs(argv);
  try {
    const say = (l: string) => (values.json ? undefined : console.log(l));
    let d: MedExChainDeployment;
    if (values.deployment) {
      if (chains.mode !== "rpc") throw new CommandUsageError("audit", "--deployment needs external nodes (--rpc-a, --rpc-b, --rpc-relay): embedded chains start empty");
      d = await attachDeployment(chains, loadDeployment(values.deployment), values.deployment);
      say(`auditing the deployment in ${values.deployment} on ${chains.a.profile.name}, ${chains.b.profile.name} and the ${chains.relay.profile.name}`);
    } else {
      say(
        chains.mode === "embedded"
          ? "no --rpc-* nodes given: running the demo share (one grant, one refusal) on fresh embedded chains, then auditing them"
          : "no --deployment given: running the demo share (one grant, one refusal) on the given nodes, then auditing them",
      );
      d = (await runDemo(chains, { records: 2, refusals: 1, seed: "audit" })).deployment.world.deployment;
    }
    if (values["save-deployment"]) saveDeployment(d, values["save-deployment"]);
    if (values.state && !values.deployment) throw new CommandUsageError("audit", "--state needs --deployment (the same deployment on every run)");
    const report = values.state ? await auditDeploymentIncremental(d, new StateFile(values.state, initialAuditorState)) : await auditDeployment(d);
    const out = outPath(values.out, "out", "audit");
    mkdirSync(out, { recursive: true });
    const file = join(out, "report.json");
    writeFileSync(`${file}.tmp`, JSON.stringify(report, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n");
    renameSync(`${file}.tmp`, file);
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(formatAuditReport(report));
      console.log(`wrote ${file}`);
    }
    return report.clean ? 0 : 1;
  } finally {
    await chains.close();
  }
}
