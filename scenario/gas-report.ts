// `npx tsx scenario/gas-report.ts [--json]`: deploy on fresh embedded chains, run one share
// through the contracts (walkthrough.ts) and print the gas of every function, as in docs/chains.md.
import { startEmbeddedChains } from "../reference/chains/embedded.ts";
import { deployMedExChain } from "../reference/chains/deploy.ts";
import { labelledAccount } from "../reference/chains/dev-accounts.ts";
import { runLedgerWalkthrough, type GasRow } from "./walkthrough.ts";

/** Gas of deployment, setup and one share, with a committee of `n` and threshold `t`. */
export async function measureGas(n: number = 3, t: number = 2): Promise<{ setup: { label: string; gasUsed: bigint }[]; share: GasRow[]; shareMs: number }> {
  const chains = await startEmbeddedChains();
  try {
    const committee = Array.from({ length: n }, (_, i) => labelledAccount(`gas-committee-${i}`));
    const d = await deployMedExChain(chains, { committee: committee.map((c) => c.address), threshold: t });
    const started = performance.now();
    const { gas } = await runLedgerWalkthrough(d, committee, "gas");
    return { setup: d.setupGas, share: gas, shareMs: performance.now() - started };
  } finally {
    await chains.close();
  }
}

/** The gas rows as a markdown table. */
export function gasTable(rows: { chain: string; name: string; gasUsed: bigint }[]): string {
  return ["| chain | function | gas |", "|---|---|---:|", ...rows.map((r) => `| ${r.chain} | \`${r.name}\` | ${r.gasUsed.toLocaleString("en-US")} |`)].join("\n");
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { setup, share, shareMs } = await measureGas();
  if (process.argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify({ setup, share, shareMs }, (_, v) => (typeof v === "bigint" ? Number(v) : v), 2)}\n`);
  } else {
    const setupRows = setup.map((s) => {
      const [chain, name] = s.label.split(":") as [string, string];
      return { chain, name, gasUsed: s.gasUsed };
    });
    const shareRows = share.map((g) => ({ chain: g.chain, name: `${g.contract}.${g.functionName}`, gasUsed: g.gasUsed }));
    const total = share.reduce((acc, g) => acc + g.gasUsed, 0n);
    process.stdout.write(`## setup\n\n${gasTable(setupRows)}\n\n## one share (registration included)\n\n${gasTable(shareRows)}\n\ntotal ${total.toLocaleString("en-US")} gas, ${shareMs.toFixed(0)} ms on the embedded chains\n`);
  }
}
