// One error root and one list of codes: every typed error is a MedExChainError with an E_ code and a
// remedy; every code the implementation throws is listed once, as an input rejection or an
// operational failure, and the relay service and the fuzzer read the same list.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { describeFailure, MedExChainError } from "../../../protocol/errors.ts";
import { INPUT_REJECTION_CODES, isInputRejection, OPERATIONAL_CODES } from "../../../reference/semantics/errors.ts";
import { CheckFailed, ProtocolViolation } from "../../../reference/semantics/violations.ts";
import { LengthError } from "../../../reference/crypto/errors.ts";
import { RpcUnreachableError } from "../../../reference/chains/errors.ts";
import { RelayProofError } from "../../../reference/chains/relay-proof.ts";
import { isTypedError } from "../../../adversary/fuzz/typed-errors.ts";

const root = new URL("../../..", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? (n === "build" ? [] : sources(p)) : n.endsWith(".ts") ? [p] : [];
  });
}

/** The error codes written as literals in error constructions under `dir`. */
function thrownCodes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of sources(dir)) {
    for (const m of readFileSync(f, "utf8").matchAll(/(?:super|new [A-Z]\w*(?:Error|Violation))\(\s*"([A-Z][A-Z0-9_]*)"/g)) out.set(m[1]!, relative(root, f));
  }
  return out;
}

describe("error codes", () => {
  it("every code reference/ throws is of the E_ style and listed exactly once", () => {
    const listed = [...INPUT_REJECTION_CODES, ...OPERATIONAL_CODES];
    expect(new Set(listed).size).toBe(listed.length);
    const unlisted = [...thrownCodes(join(root, "reference"))].filter(([c]) => !listed.includes(c as never)).map(([c, f]) => `${c} (${f})`);
    expect(unlisted).toEqual([]);
  });

  it("the scan sees a code that is not listed", () => {
    const codes = thrownCodes(join(root, "reference"));
    expect(codes.has("E_CHECK_FAILED")).toBe(true);
    expect([...INPUT_REJECTION_CODES, ...OPERATIONAL_CODES]).not.toContain("E_NOT_A_CODE");
  });

  it("the root refuses a code of another style", () => {
    expect(() => new ProtocolViolation("NOT_REGISTERED", "x")).toThrow(TypeError);
  });
});

describe("input rejections", () => {
  it("a failed check, a bad encoding and a forged proof are rejections; a node down is not", () => {
    expect(isInputRejection(new CheckFailed("rq2.sig", "P", "bad"))).toBe(true);
    expect(isInputRejection(new LengthError("x", 48, 47))).toBe(true);
    expect(isInputRejection(new RelayProofError("UnknownSigner", "x"))).toBe(true);
    expect(isInputRejection(new RpcUnreachableError("http://127.0.0.1:1", "refused"))).toBe(false);
    expect(isInputRejection(new TypeError("x"))).toBe(false);
  });

  it("the fuzzer counts exactly the rejections as typed", () => {
    for (const e of [new CheckFailed("a", "b", "c"), new RpcUnreachableError("u", "d"), new RangeError("r")]) expect(isTypedError(e)).toBe(isInputRejection(e));
  });
});

describe("the error root", () => {
  it("every typed error carries its code and remedy and prints as [code] message — remedy", () => {
    const e = new CheckFailed("rq2.sig", "P", "signature does not verify");
    expect(e).toBeInstanceOf(MedExChainError);
    expect(e.remedy.length).toBeGreaterThan(0);
    expect(describeFailure(e)).toBe(`[E_CHECK_FAILED] P rejected message at check rq2.sig: signature does not verify — ${e.remedy}`);
    expect(describeFailure(new Error("plain"))).toBe("plain");
  });
});

describe("one root", () => {
  it("no error class outside protocol/errors.ts extends Error directly", () => {
    const direct: string[] = [];
    for (const folder of ["protocol", "generators", "verify", "reference", "scenario", "adversary", "conformance", "bench", "cli"]) {
      for (const f of sources(join(root, folder))) {
        for (const m of readFileSync(f, "utf8").matchAll(/class (\w+) extends Error\b/g)) direct.push(`${relative(root, f)}: ${m[1]}`);
      }
    }
    // resumable-share.ts's Stop is control flow inside one function, never thrown to a caller.
    expect(direct).toEqual(["protocol/errors.ts: MedExChainError", "scenario/resumable-share.ts: Stop"]);
  });
});
