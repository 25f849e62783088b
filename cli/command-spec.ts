// What a subcommand accepts, written once: the options node's util.parseArgs parses and the help
// text `medexchain <command> --help` prints come from the same table, so every flag a command
// parses is documented. Output paths are relative to the repository root (see outPath).
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { repoRoot } from "./repo-root.ts";
import { MedExChainError } from "../protocol/errors.ts";

/** A command line the command cannot act on (a value out of range, options that do not go together). */
export class CommandUsageError extends MedExChainError {
  constructor(command: string, detail: string) {
    super("E_USAGE", `medexchain ${command}: ${detail}`, `run \`medexchain ${command} --help\` for the options`);
  }
}

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean;
  /** The value's placeholder in the help, e.g. "N" or "DIR". */
  readonly value?: string;
  readonly description: string;
}

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  readonly name: string;
  readonly summary: string;
  /** What the positional arguments are (absent: the command takes none). */
  readonly positionals?: string;
  readonly options: O;
  /** Further lines of help: defaults, exit codes, what is written where. */
  readonly details?: string;
}

/** Declare a command (keeps the option table's literal types for parseArgs). */
export function defineCommand<const O extends Record<string, OptionSpec>>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

const HELP = { type: "boolean", short: "h", description: "print this help and exit" } as const satisfies OptionSpec;

/** The help text: usage line, every option with its placeholder, default and description. */
export function helpText(spec: CommandSpec): string {
  const all: Record<string, OptionSpec> = { ...spec.options, help: HELP };
  const flag = (name: string, o: OptionSpec) => `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
  const width = Math.max(...Object.entries(all).map(([n, o]) => flag(n, o).length)) + 2;
  const lines = [
    `usage: medexchain ${spec.name}${spec.positionals ? ` ${spec.positionals.split(":")[0]}` : ""} [options]`,
    "",
    spec.summary,
    ...(spec.positionals ? ["", `arguments: ${spec.positionals}`] : []),
    "",
    "options:",
    ...Object.entries(all).map(([n, o]) => {
      const def = o.default !== undefined && o.default !== false ? ` (default ${String(o.default)})` : "";
      return `  ${flag(n, o).padEnd(width)}${o.description}${def}${o.multiple ? " (repeatable)" : ""}`;
    }),
    ...(spec.details ? ["", spec.details] : []),
    "",
  ];
  return lines.join("\n");
}

/** util.parseArgs over the command's table (plus --help), as strict as node makes it. */
function parseWith<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>, argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: { ...spec.options, help: HELP } as O & { help: typeof HELP },
    allowPositionals: spec.positionals !== undefined,
    strict: true,
  });
}

export type Parsed<O extends Record<string, OptionSpec>> = ReturnType<typeof parseWith<O>>;

/**
 * Parse `argv` for the command. Returns the parsed values, or the exit code when there is nothing
 * left to do: 0 after printing the help (--help, -h), 2 after reporting a flag the table does not
 * list or a missing value.
 */
export function parseCommand<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>, argv: readonly string[]): Parsed<O> | number {
  let parsed: Parsed<O>;
  try {
    parsed = parseWith(spec, argv);
  } catch (e) {
    if (!(e instanceof Error && String((e as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS"))) throw e;
    process.stderr.write(`medexchain ${spec.name}: ${e.message}\nrun \`medexchain ${spec.name} --help\` for the options\n`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(helpText(spec));
    return 0;
  }
  return parsed;
}

/** An output path: one the user gave, from the current directory; the default, under the repository root (as the README says). */
export function outPath(given: string | undefined, ...fallback: string[]): string {
  return given === undefined ? join(repoRoot(), ...fallback) : resolve(given);
}
