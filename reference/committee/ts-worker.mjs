// Worker bootstrap: registers tsx's loader in this worker thread, then imports the TypeScript entry
// named in workerData.entry (a worker does not inherit the parent's loader).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
