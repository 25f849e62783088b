import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findScyther, INSTALL_HINT, locateScyther, ScytherNotFoundError } from "../../verify/scyther-locate.ts";

function fakeBinary(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\necho \"Scyther version v9.9.9-test.\"\n");
  chmodSync(path, 0o755);
  return path;
}

describe("finding Scyther", () => {
  it("uses SCYTHER when set, and fails (naming it) when it is not an executable", () => {
    const dir = mkdtempSync(join(tmpdir(), "scyther-"));
    const bin = fakeBinary(dir, "my-scyther");
    expect(locateScyther({ SCYTHER: bin, PATH: "" })).toBe(bin);
    expect(() => locateScyther({ SCYTHER: join(dir, "absent"), PATH: dir })).toThrow(ScytherNotFoundError);
    expect(() => locateScyther({ SCYTHER: join(dir, "absent") })).toThrow(/SCYTHER=.*absent/);
  });

  it("looks for scyther-linux, then scyther, on PATH", () => {
    const a = mkdtempSync(join(tmpdir(), "scyther-"));
    const b = mkdtempSync(join(tmpdir(), "scyther-"));
    const plain = fakeBinary(a, "scyther");
    expect(locateScyther({ PATH: `${a}:${b}` })).toBe(plain);
    const linux = fakeBinary(b, "scyther-linux");
    expect(locateScyther({ PATH: `${a}:${b}` })).toBe(linux);
  });

  it("says exactly what it looked for and how to install Scyther", () => {
    const empty = mkdtempSync(join(tmpdir(), "scyther-"));
    let err: ScytherNotFoundError | undefined;
    try {
      locateScyther({ PATH: empty });
    } catch (e) {
      err = e as ScytherNotFoundError;
    }
    expect(err?.code).toBe("E_SCYTHER_NOT_FOUND");
    expect(err?.tried).toEqual(["scyther-linux on PATH", "scyther on PATH"]);
    expect(err?.message).toContain("Scyther was not found");
    expect(err?.remedy).toBe(INSTALL_HINT);
    expect(INSTALL_HINT).toContain("https://github.com/cascremers/scyther");
  });

  it("asks the binary for its version", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scyther-"));
    const bin = fakeBinary(dir, "scyther-linux");
    expect(await findScyther({ PATH: dir })).toEqual({ path: bin, version: "v9.9.9-test" });
  });
});
