// The parties' HTTP endpoints: answers keep bigints, a rejected input comes back as a typed error
// with the remote code, and a party that is not there is a typed error too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callJson, serveJson, ServiceCallError } from "../../../reference/service/json-http.ts";
import { ProtocolViolation } from "../../../reference/semantics/violations.ts";
import { freePort } from "../../../reference/chains/hardhat-node.ts";

let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await serveJson({
    "/echo": async (b) => ({ got: b, block: 2n ** 70n }),
    "/reject": async () => {
      throw new ProtocolViolation("E_REPLAY", "request nonce 0x01 was seen before");
    },
    "/crash": async () => {
      throw new Error("boom");
    },
  });
});
afterAll(() => server.close());

describe("a party's JSON endpoint", () => {
  it("answers with bigints intact", async () => {
    expect(await callJson(server.url, "/echo", { n: 5n, s: "x" })).toEqual({ got: { n: 5n, s: "x" }, block: 2n ** 70n });
  });

  it("turns an input rejection into HTTP 400 with the remote code", async () => {
    const e = await callJson(server.url, "/reject").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServiceCallError);
    expect(e).toMatchObject({ code: "E_SERVICE_CALL", status: 400, remoteCode: "E_REPLAY" });
    expect((e as Error).message).toMatch(/seen before/);
  });

  it("reports an internal failure as 500 and an unknown path as 404", async () => {
    await expect(callJson(server.url, "/crash")).rejects.toMatchObject({ status: 500, remoteCode: "E_INTERNAL" });
    await expect(callJson(server.url, "/nothing")).rejects.toMatchObject({ status: 404 });
  });

  it("reports a party that is not listening", async () => {
    const port = await freePort();
    await expect(callJson(`http://127.0.0.1:${port}`, "/echo", {}, 2_000)).rejects.toMatchObject({ code: "E_SERVICE_CALL", status: 0 });
  });
});
