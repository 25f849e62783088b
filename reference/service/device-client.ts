// The device's side of an upload against the services: an IoMT device is a client, not a server.
// It sends its message (up1) to the firewall service and waits for hospital A's receipt. A timeout,
// an unreachable firewall or a failure behind it (HA or chain A down: HTTP 5xx) is retried with the
// same bytes, which is safe: the firewall derives its coins from the message and HA answers a repeated
// upload with the record id it already gave, so a retry is never a second record. A refusal (HTTP
// 400: a check failed) is final and thrown.
import { bytesToHex } from "viem";
import { callJson, ServiceCallError } from "./json-http.ts";
import type { UploadReceipt } from "./hospital-a-service.ts";

export interface UploadRetry {
  /** Give up after this long (ms, default 120 s). */
  deadlineMs?: number;
  /** Per attempt (ms, default 30 s). */
  timeoutMs?: number;
  /** Pause before the first retry, doubled up to 2 s (ms, default 100). */
  backoffMs?: number;
  /** Called before each retry with the failure (for logs). */
  onRetry?: (e: ServiceCallError, attempt: number) => void;
}

/** Whether a failed call may succeed when repeated: nothing answered, or the service failed (not refused). */
export function retryable(e: unknown): e is ServiceCallError {
  return e instanceof ServiceCallError && (e.status === 0 || e.status >= 500);
}

/** Send `up1` to the firewall service at `firewallUrl` until hospital A answers; its receipt. */
export async function sendUpload(firewallUrl: string, up1: Uint8Array, opts: UploadRetry = {}): Promise<UploadReceipt> {
  const deadline = Date.now() + (opts.deadlineMs ?? 120_000);
  let pause = opts.backoffMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await callJson<UploadReceipt>(firewallUrl, "/upload", { up1: bytesToHex(up1) }, opts.timeoutMs ?? 30_000);
    } catch (e) {
      if (!retryable(e) || Date.now() + pause > deadline) throw e;
      opts.onRetry?.(e, attempt);
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(2 * pause, 2_000);
    }
  }
}
