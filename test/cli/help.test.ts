// Every subcommand owns its --help, generated from the same table its parser reads: --help exits 0
// and names every flag the command parses; an unknown flag exits 2; main passes --help through.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { afterEach, describe, expect, it, vi } from "vitest";
import { helpText, outPath, parseCommand, type CommandSpec } from "../../cli/command-spec.ts";
import { repoRoot } from "../../cli/repo-root.ts";

const root = repoRoot();
const commandFiles = readdirSync(join(root, "cli/commands")).filter((f) => f.endsWith(".ts"));

interface CommandModule {
  command: CommandSpec;
  run: (argv: string[]) => Promise<number>;
}

function captureStdout(): { text: () => string } {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  return { text: () => out };
}

afterEach(() => vi.restoreAllMocks());

describe("every command's --help", () => {
  it("covers the fifteen commands", () => {
    expect(commandFiles.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual(["attacks", "audit", "ban", "bench", "check", "conformance", "demo", "deploy", "device", "experiment", "fuzz", "generate", "keys", "serve", "verify"]);
  });

  for (const file of commandFiles) {
    it(`${file}: exits 0 and names every flag it parses`, async () => {
      const mod = (await import(join(root, "cli/commands", file))) as CommandModule;
      const out = captureStdout();
      expect(await mod.run(["--help"])).toBe(0);
      const text = out.text();
      expect(text).toContain(`usage: medexchain ${mod.command.name}`);
      for (const [flag, spec] of Object.entries(mod.command.options)) {
        expect(text).toContain(`--${flag}`);
        expect(spec.description.length).toBeGreaterThan(0);
      }
    });
  }

  it("no command parses arguments outside its table", () => {
    // A direct util.parseArgs call would accept flags the help never shows.
    const direct = commandFiles.filter((f) => /\bparseArgs\s*\(/.test(readFileSync(join(root, "cli/commands", f), "utf8")));
    expect(direct).toEqual([]);
  });

  it("an unknown flag is a usage error (exit 2), with no action taken", async () => {
    const mod = (await import(join(root, "cli/commands/verify.ts"))) as CommandModule;
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await mod.run(["--max-run", "3"])).toBe(2);
    expect(String(err.mock.calls[0]?.[0])).toMatch(/--max-run/);
  });

  it("the help of a table lists each flag with its placeholder and default", () => {
    const spec = { name: "x", summary: "s", options: { runs: { type: "string", value: "N", default: "5", description: "how many" } } } as const;
    expect(helpText(spec)).toMatch(/--runs N\s+how many \(default 5\)/);
    expect(parseCommand(spec, ["--runs", "7"])).toMatchObject({ values: { runs: "7" } });
  });
});

describe("the medexchain entry point", () => {
  it("passes --help through to the command, and lists experiment timing", () => {
    const help = execFileSync(join(root, "node_modules/.bin/tsx"), [join(root, "cli/main.ts"), "verify", "--help"], { cwd: tmpdir(), encoding: "utf8" });
    for (const flag of ["--max-runs", "--match", "--opaque", "--jobs"]) expect(help).toContain(flag);
    const top = execFileSync(join(root, "node_modules/.bin/tsx"), [join(root, "cli/main.ts"), "--help"], { cwd: tmpdir(), encoding: "utf8" });
    expect(top).toMatch(/experiment .*timing/);
  });
});

describe("output paths", () => {
  it("defaults land under the repository root, whatever the current directory", () => {
    const cwd = process.cwd();
    try {
      process.chdir("/");
      expect(outPath(undefined, "out", "experiments")).toBe(join(root, "out", "experiments"));
      expect(outPath("results")).toBe("/results");
    } finally {
      process.chdir(cwd);
    }
  });
});
