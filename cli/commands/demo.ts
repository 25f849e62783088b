// medexchain demo: the whole cross-chain share on three embedded chains (or external nodes with
// --rpc-a/--rpc-b/--rpc-relay), with progress per phase; writes out/demo/trace.jsonl and summary.json.
import { parseArgs } from "node:util";
import { join } from "node:path";
import { openChainsFromArgs } from "../../reference/chains/open-chains.ts";
import { runDemo } from "../../scenario/demo.ts";
import { repoRoot } from "../repo-root.ts";

export async function run(argv: string[]): Promise<number> {
  await (await import("../../reference/crypto/backend.ts")).useFastBackend(); // mcl-wasm pairing backend (noble if it cannot load)
  const { chains, rest } = await openChainsFromArgs(argv);
  try {
    const { values } = parseArgs({
      args: rest,
      options: {
        patients: { type: "string", default: "1" },
        records: { type: "string", default: "1" },
        refuse: { type: "string", default: "0" },
        seed: { type: "string", default: "demo" },
        "data-dir": { type: "string" },
        out: { type: "string" },
        json: { type: "boolean" },
      },
    });
    const int = (name: string, v: string, min: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${v}"`);
      return n;
    };
    const out = values.out ?? join(repoRoot(), "out", "demo");
    const t0 = performance.now();
    const { summary } = await runDemo(chains, {
      patients: int("patients", values.patients!, 1),
      records: int("records", values.records!, 1),
      refusals: int("refuse", values.refuse!, 0),
      seed: values.seed!,
      dataDir: values["data-dir"] ?? join(repoRoot(), "data", "blobs"),
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
