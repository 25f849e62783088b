// A process that saves large states to the file named by argv[2] as fast as it can, for the
// torn-write test (state-file.test.ts), which kills it at random moments.
import { StateFile } from "../../../reference/storage/state-file.ts";

const f = new StateFile(process.argv[2]!, () => ({ v: 0, pad: "", check: 0 }));
// About 400 kB per version, so that a kill often lands inside a write.
const pad = "x".repeat(400_000);
for (let v = 1; ; v++) {
  f.save({ v, pad, check: v * 7 });
  if (v === 1) process.send?.("first");
}
