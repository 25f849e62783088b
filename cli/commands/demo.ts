// medexchain demo: the whole cross-chain share on three embedded chains (or external nodes with
// --rpc-a/--rpc-b/--rpc-relay), with progress per phase; writes out/demo/trace.jsonl and summary.json.
import { CommandUsageError, defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { join } from "node:path";
import { openChainsFromArgs } from "../../reference/chains/open-chains.ts";
import { runDemo } from "../../scenario/demo.ts";

export const command = defineCommand({
  name: "demo",
  summary: "The whole cross-chain share on three embedded chains (or external nodes): every party registered, each record uploaded, requested, granted or refused, re-encrypted, delivered, decrypted and acknowledged, then the audit. Writes trace.jsonl and summary.json.",
  options: {
    patients: { type: "string", value: "N", default: "1", description: "patients (each with one device)" },
    records: { type: "string", value: "M", default: "1", description: "records per patient" },
    refuse: { type: "string", value: "K", default: "0", description: "the patient refuses the last K requests (recorded on chain A, carried to chain B)" },
    seed: { type: "string", value: "S", default: "demo", description: "seed of every party's keys and the synthetic records" },
    "data-dir": { type: "string", value: "DIR", description: "content-addressed blob store (default: data/blobs under the repository root)" },
    out: { type: "string", value: "DIR", description: "where to write trace.jsonl and summary.json (default: out/demo under the repository root)" },
    json: { type: "boolean", description: "print the summary as JSON" },
    "rpc-a": { type: "string", value: "URL", description: "chain A's JSON-RPC node (all three --rpc-* or none: without them, embedded chains)" },
    "rpc-b": { type: "string", value: "URL", description: "chain B's JSON-RPC node" },
    "rpc-relay": { type: "string", value: "URL", description: "the relay chain's JSON-RPC node" },
  },
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new CommandUsageError("demo", `--${name} must be an integer ≥ ${min}, got "${v}"`);
    return n;
  };
  const counts = { patients: int("patients", values.patients!, 1), records: int("records", values.records!, 1), refusals: int("refuse", values.refuse!, 0) };
  await (await import("../../reference/crypto/backend.ts")).useFastBackend(); // mcl-wasm pairing backend (noble if it cannot load)
  const { chains } = await openChainsFromArgs(argv);
  try {
    const out = outPath(values.out, "out", "demo");
    const t0 = performance.now();
    const { summary } = await runDemo(chains, {
      ...counts,
      seed: values.seed!,
      dataDir: outPath(values["data-dir"], "data", "blobs"),
      outDir: out,
      ...(values.json ? {} : { log: (l: string) => console.log(l) }),
    });
    if (values.json) console.log(JSON.stringify(summary, null, 2));
    else {
      console.log(`\n${summary.ok ? "OK" : "FAILED"}: ${summary.shares - summary.refused} record(s) recovered by hospital B identical to the device's original; ${summary.refused} refused; audit ${summary.audit.clean ? "clean" : "NOT clean"}`);
      console.log(`wrote ${join(out, "trace.jsonl")} and ${join(out, "summary.json")} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
    return summary.ok ? 0 : 1;
  } finally {
    await chains.close();
  }
}
