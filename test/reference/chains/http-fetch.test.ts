// The JSON-RPC transport's fetch: answers as viem reads them (status, JSON body), keeps sockets alive,
// sends once more when a reused socket turns out to have been closed by the server, and fails when a
// fresh socket fails too.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { keepAliveFetch } from "../../../reference/chains/http-fetch.ts";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function listen(handler: (n: number, socketUses: number, body: string, res: import("node:http").ServerResponse, socket: Socket) => void): Promise<string> {
  let n = 0;
  const uses = new WeakMap<Socket, number>();
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const used = (uses.get(req.socket) ?? 0) + 1;
      uses.set(req.socket, used);
      handler(++n, used, body, res, req.socket);
    });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
}

describe("keepAliveFetch", () => {
  it("posts the body and answers status and text as a Response would, over one kept-alive socket", async () => {
    const sockets = new Set<Socket>();
    const url = await listen((_n, _u, body, res, socket) => {
      sockets.add(socket);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: body.length }));
    });
    for (let i = 0; i < 3; i++) {
      const r = await keepAliveFetch(url, { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
      expect(r.ok).toBe(true);
      expect(r.headers.get("Content-Type")).toBe("application/json");
      expect(JSON.parse(await r.text())).toEqual({ jsonrpc: "2.0", id: 1, result: 7 });
    }
    expect(sockets.size).toBe(1);
  });

  it("sends again on a fresh socket when the reused one was closed under it", async () => {
    const url = await listen((_n, used, _b, res, socket) => {
      if (used > 1) return socket.destroy();
      res.end("{}");
    });
    await keepAliveFetch(url, { method: "POST", body: "{}" });
    const r = await keepAliveFetch(url, { method: "POST", body: "{}" });
    expect(r.status).toBe(200);
  });

  it("fails when a fresh socket is reset too", async () => {
    const url = await listen((_n, _u, _b, _res, socket) => socket.destroy());
    await expect(keepAliveFetch(url, { method: "POST", body: "{}" })).rejects.toThrow(/ECONNRESET|socket hang up/);
  });
});
