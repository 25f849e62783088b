// The committed contract artefacts are fresh and reproducible; a change to any source makes exactly
// the contracts that depend on it stale, by name.
import { cpSync, mkdtempSync, rmSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkArtefactsFresh, BUILD_DIR } from "../../../reference/contracts/artefacts.ts";
import { SOURCE_DIR, importClosure, readSources } from "../../../reference/contracts/compile.ts";
import { StaleArtefactError } from "../../../reference/contracts/errors.ts";

const scratch = mkdtempSync(join(tmpdir(), "medex-contracts-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function staleNames(f: () => void): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StaleArtefactError);
    return (e as StaleArtefactError).contracts;
  }
  return [];
}

describe("contract artefacts", () => {
  it("match the sources, the compiler and the settings", () => {
    expect(() => checkArtefactsFresh()).not.toThrow();
  });

  it("are reproduced byte for byte by a fresh compile", () => {
    expect(() => checkArtefactsFresh({ recompile: true })).not.toThrow();
  });

  it("go stale, by name, when a source they import changes", () => {
    const src = join(scratch, "src");
    cpSync(SOURCE_DIR, src, { recursive: true });
    appendFileSync(join(src, "ExchangeB.sol"), "\n// changed\n");
    expect(staleNames(() => checkArtefactsFresh({ sourceDir: src }))).toEqual(["ExchangeB"]);
    appendFileSync(join(src, "RelayCommittee.sol"), "\n// changed\n");
    expect(staleNames(() => checkArtefactsFresh({ sourceDir: src }))).toEqual(["PhrIndexA", "ExchangeB", "RelayLog"]);
  });

  it("are stale when missing", () => {
    const empty = join(scratch, "empty-build");
    expect(staleNames(() => checkArtefactsFresh({ dir: empty }))).toHaveLength(5);
  });

  it("follow imports transitively", () => {
    const closure = importClosure("src/PhrIndexA.sol", readSources());
    expect(closure).toContain("src/AuditLog.sol");
    expect(closure).toContain("src/IdentityRegistryA.sol");
    expect(closure).not.toContain("src/ExchangeB.sol");
    expect(BUILD_DIR.endsWith(join("contracts", "build"))).toBe(true);
  });
});
