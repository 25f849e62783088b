// A service's live heap: the bytes still reachable after a full garbage collection. RSS and heapUsed
// alone cannot show a service's memory bounded — V8 lets garbage pile up and grows its heap under
// allocation pressure, then keeps the pages — so `/status` can ask for a collection first, and the
// scale benchmark compares the live heap after warm-up with the one at the end of a run.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | undefined;

/** Bytes reachable on the JavaScript heap after a full collection (and external memory: Buffers, wasm). */
export function liveHeap(): { heapUsed: number; external: number; arrayBuffers: number } {
  if (!collect) {
    // The flag exposes `gc` to contexts created from now on; the service needs no special node flags.
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}
