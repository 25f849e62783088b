import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { protocol, type Builder } from "../../protocol/language.ts";
import { tuple } from "../../protocol/terms.ts";
import { staticCheck } from "../../conformance/static-check.ts";
import { repoRoot } from "../../cli/repo-root.ts";

// A two-message spec small enough to write role sources for by hand.
const spec = protocol({ name: "Tiny", title: "tiny", source: "test", description: "test spec" }, (p: Builder) => {
  const A = p.role("A");
  const B = p.role("B");
  const n = p.fresh(A, "n", "Nonce");
  p.message("t1", A, B, tuple(p.agent(A), n), { checks: [p.check("sig", "equals", n, "x"), p.check("ts", "timestamp", n, "y")] });
  p.message("t2", B, A, tuple(n), { checks: [p.check("nonce", "equals", n, "z")] });
});

const root = repoRoot();
const dirs: string[] = [];
// Role sources live under the repository so their imports resolve as the real roles' do.
function roles(files: Record<string, string>): string {
  mkdirSync(join(root, "out"), { recursive: true });
  const dir = mkdtempSync(join(root, "out", "static-roles-"));
  dirs.push(dir);
  const endpoint = join(root, "reference/roles/endpoint.ts");
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), `import type { Endpoint } from ${JSON.stringify(endpoint)};\n${body}\n`);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const good = {
  "a.ts": `export async function a(ep: Endpoint, b: Uint8Array) { ep.send("t1", {}); await ep.receive("t2", b, { nonce: () => {} }); }`,
  "b.ts": `const handlers = { sig: () => {}, ts() {} };\nexport async function b(ep: Endpoint, b: Uint8Array) { await ep.receive("t1", b, handlers); ep.send("t2", {}); }`,
};

describe("static conformance of role sources", () => {
  it("accepts one sender and one full receiver per message", () => {
    const r = staticCheck(roles(good), [spec], root);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.sends.map((s) => s.label).sort()).toEqual(["t1", "t2"]);
    expect(r.receives.find((x) => x.label === "t1")!.checks).toEqual(["sig", "ts"]);
  });

  it("ignores a send that is not an Endpoint's", () => {
    const r = staticCheck(roles({ ...good, "c.ts": `export function c(s: { send(l: string, v: object): void }) { s.send("t1", {}); s.send("zz", {}); }` }), [spec], root);
    expect(r.problems).toEqual([]);
  });

  it("reports a missing check handler", () => {
    const r = staticCheck(roles({ ...good, "b.ts": `export async function b(ep: Endpoint, b: Uint8Array) { await ep.receive("t1", b, { sig: () => {} }); ep.send("t2", {}); }` }), [spec], root);
    expect(r.problems.map((p) => [p.code, p.label])).toEqual([["MISSING_CHECK_CODE", "t1"]]);
    expect(r.problems[0]!.detail).toMatch(/t1\.ts/);
  });

  it("reports a handler for a check the spec lacks", () => {
    const r = staticCheck(roles({ ...good, "a.ts": `export async function a(ep: Endpoint, b: Uint8Array) { ep.send("t1", {}); await ep.receive("t2", b, { nonce: () => {}, extra: () => {} }); }` }), [spec], root);
    expect(r.problems.map((p) => p.code)).toEqual(["UNKNOWN_CHECK_CODE"]);
  });

  it("reports a label the spec lacks, a second sender and a message nobody sends", () => {
    const r = staticCheck(
      roles({ ...good, "a.ts": `export async function a(ep: Endpoint, b: Uint8Array) { ep.send("t9", {}); ep.send("t2", {}); await ep.receive("t2", b, { nonce: () => {} }); }` }),
      [spec],
      root,
    );
    expect(r.problems.map((p) => `${p.code} ${p.label}`).sort()).toEqual(["MANY_SENDERS t2", "NO_SENDER t1", "UNKNOWN_LABEL t9"]);
  });

  it("reports a second receiver, a computed label and spread handlers", () => {
    const r = staticCheck(
      roles({
        ...good,
        "c.ts": `const l = "t2";\nconst base = { nonce: () => {} };\nexport async function c(ep: Endpoint, b: Uint8Array) { ep.send(l, {}); await ep.receive("t2", b, { ...base }); }`,
      }),
      [spec],
      root,
    );
    expect(r.problems.map((p) => `${p.code} ${p.label}`).sort()).toEqual(["MANY_RECEIVERS t2", "MISSING_CHECK_CODE t2", "NON_LITERAL_HANDLERS t2", "NON_LITERAL_LABEL "]);
  });

  it("reports missing role sources", () => {
    const r = staticCheck(join(root, "out", "no-such-roles"), [spec], root);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toContain("NO_ROLE_SOURCES");
  });
});
