// The fetch viem's HTTP transport uses to reach a JSON-RPC node over plain http: node:http on kept-alive
// sockets, answering with the few parts of a Response the transport reads (status, headers, text).
// The global fetch (undici) builds a spec Request, web streams and transferable abort signals for
// every call; a service makes tens of calls per share, and that machinery was the largest single
// client-side cost in the scale benchmark's profiles. https URLs keep the global fetch.
import { Agent, request } from "node:http";

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** What viem's transport reads of a response. */
interface MinimalResponse {
  ok: boolean;
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  body: null;
  text(): Promise<string>;
}

/** fetch for http:// JSON-RPC endpoints (viem `http(url, { fetchFn })`); other schemes use the global fetch. */
export async function keepAliveFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = typeof input === "string" ? new URL(input) : input instanceof URL ? input : new URL(input.url);
  if (url.protocol !== "http:") return fetch(input, init);
  const body = typeof init.body === "string" ? init.body : "";
  try {
    return await post(url, body, init);
  } catch (e) {
    // A kept-alive socket the node closed as idle just as it was reused: the request never reached
    // it (Node's documented keep-alive race). Sent once more on a fresh socket.
    if ((e as { reusedSocket?: boolean }).reusedSocket && (e as NodeJS.ErrnoException).code === "ECONNRESET") return post(url, body, init);
    throw e;
  }
}

function post(url: URL, body: string, init: RequestInit): Promise<Response> {
  return new Promise<MinimalResponse>((resolve, reject) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(signal.reason);
    const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined), "content-length": String(Buffer.byteLength(body)) };
    const req = request(url, { method: init.method ?? "POST", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        const text = Buffer.concat(chunks).toString("utf8");
        const status = res.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 300,
          status,
          statusText: res.statusMessage ?? "",
          headers: { get: (name: string) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v; } },
          body: null,
          text: async () => text,
        });
      });
    });
    const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (e) => {
      signal?.removeEventListener("abort", onAbort);
      reject(Object.assign(e, { reusedSocket: req.reusedSocket }));
    });
    req.end(body);
  }) as unknown as Promise<Response>;
}
