// The parties' off-chain calls as small JSON-over-HTTP endpoints on loopback (or wherever a party
// listens): a POST per operation, bigints kept by the state encoding. A handler's input rejection
// answers 400 with its code (and, for a failed spec check, the code of the check's cause), a
// rejection a party relays from the next one keeps that party's code; anything else (a node or a
// party down: worth retrying) answers 500. The caller gets a typed ServiceCallError.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { MedExChainError } from "../../protocol/errors.ts";
import { decodeState, encodeState } from "../storage/state-file.ts";
import { isInputRejection } from "../semantics/errors.ts";
import { CheckFailed } from "../semantics/violations.ts";

/** A call to another party's service failed. */
export class ServiceCallError extends MedExChainError {
  constructor(
    readonly url: string,
    readonly status: number,
    detail: string,
    readonly remoteCode?: string,
    /** For a failed spec check: the code of what failed it (E_BAD_SIGNATURE, E_REPLAY, …). */
    readonly remoteCause?: string,
  ) {
    super("E_SERVICE_CALL", `${url} answered ${status === 0 ? "nothing" : `HTTP ${status}`}: ${detail}`, "check that the party's service is running (medexchain serve …) and its log in its data directory; a rejected input names the check that failed");
  }
}

/** Handlers by path: each gets the decoded body and returns the answer. */
export type Routes = Record<string, (body: unknown) => Promise<unknown>>;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Listen on `host:port` (0: any free port); resolves with the URL and a close function. */
export async function serveJson(routes: Routes, opts: { port?: number; host?: string } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(encodeState(body));
    };
    const route = routes[new URL(req.url ?? "/", "http://x").pathname];
    if (!route) return send(404, { error: "E_NO_ROUTE", message: `no route ${req.url}` });
    readBody(req)
      .then((text) => route(text ? decodeState(text) : undefined))
      .then(
        (out) => send(200, out ?? {}),
        (e: unknown) => {
          if (e instanceof ServiceCallError && e.status === 400) return send(400, { error: e.remoteCode ?? e.code, message: e.message, ...(e.remoteCause ? { cause: e.remoteCause } : {}) });
          const cause = e instanceof CheckFailed && e.causeError instanceof MedExChainError ? e.causeError.code : undefined;
          send(isInputRejection(e) ? 400 : 500, { error: e instanceof MedExChainError ? e.code : "E_INTERNAL", message: e instanceof Error ? e.message : String(e), ...(cause ? { cause } : {}) });
        },
      );
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** POST `body` to `base` + `path` and return the decoded answer; ServiceCallError on failure. */
export async function callJson<T>(base: string, path: string, body: unknown = {}, timeoutMs = 30_000): Promise<T> {
  const url = new URL(path, base).href;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: encodeState(body), signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new ServiceCallError(url, 0, e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e));
  }
  const text = await res.text();
  let out: unknown;
  try {
    out = decodeState(text);
  } catch {
    throw new ServiceCallError(url, res.status, `not JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok) {
    const err = out as { error?: string; message?: string; cause?: string };
    throw new ServiceCallError(url, res.status, err.message ?? text.slice(0, 200), err.error, err.cause);
  }
  return out as T;
}
