// medexchain CLI: each subcommand lives in cli/commands/<name>.ts and exports `run(argv): Promise<number>`.
// Commands are loaded lazily so `medexchain check` does not pay for the chains' start-up. Each command
// owns its options and its --help (cli/command-spec.ts); this file only dispatches.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { describeFailure } from "../protocol/errors.ts";

const COMMANDS: Record<string, string> = {
  check: "well-formedness check of every shipped spec",
  generate: "write models/ from the specs (--check: exit 1 if stale)",
  verify: "run Scyther on every claim, the BAN prover and write out/verify/ (--mutants: mutation score)",
  ban: "BAN logic proofs [protocol] [--json]",
  demo: "run a whole cross-chain share on embedded chains",
  experiment: "cryptographic experiments: asa | cpa | timing [--trials N] [--json]",
  conformance: "check recorded traces against the spec [trace...]",
  audit: "audit the chains' logs",
  attacks: "run the attack gallery [--json]",
  bench: "benchmarks [--quick] [--json]",
  fuzz: "property-based fuzzing of every decoder, receive path and contract entry point",
  serve: "run one party as a long-running service: relay | member | patient | hospital-b | hospital-a | firewall",
  device: "one device of a running deployment uploads a PHR through the firewall service: upload",
  keys: "provision one party's keys into its data directory, or show them: init | show",
  deploy: "bring a local deployment up as separate processes, or down: up | down",
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([n, d]) => `  ${n.padEnd(12)} ${d}`);
  return `usage: medexchain <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nmedexchain <command> --help lists a command's options. Output goes under out/ in the repository root.\n`;
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name === "--help" || name === "-h" || name === "help") {
  process.stdout.write(usage());
  process.exit(name ? 0 : 2);
}
const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, "commands", `${name}.ts`);
if (!(name in COMMANDS) || !existsSync(file)) {
  process.stderr.write(`medexchain: unknown command "${name}"\n\n${usage()}`);
  process.exit(2);
}
try {
  const mod = (await import(file)) as { run: (argv: string[]) => Promise<number> };
  process.exitCode = await mod.run(rest);
} catch (e) {
  // Every failure ends in one readable line: typed errors as `[code] message — remedy`.
  const err = e as { code?: unknown };
  process.stderr.write(`medexchain ${name}: ${describeFailure(e)}\n`);
  if (process.env.MEDEXCHAIN_DEBUG) console.error(e);
  process.exitCode = typeof err.code === "string" && err.code.startsWith("ERR_PARSE_ARGS") ? 2 : 1;
}
