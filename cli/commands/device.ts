// medexchain device upload: one device of a running local deployment uploads a PHR through the
// firewall service (the device is a client; scenario/device-upload.ts). Prints hospital A's receipt.
import { readFileSync } from "node:fs";
import { CommandUsageError, defineCommand, outPath, parseCommand } from "../command-spec.ts";
import { deviceUpload } from "../../scenario/device-upload.ts";
import { phrFor } from "../../scenario/share-steps.ts";

export const command = defineCommand({
  name: "device",
  summary: "Upload a PHR as one device of a deployment brought up with `deploy up`: the device (keys in DIR/device-I) signs and encrypts it and posts it to the firewall service, which forwards it to hospital A's; prints the record id chain A anchored it under.",
  positionals: "upload",
  options: {
    dir: { type: "string", value: "DIR", description: "the deployment's directory (manifest.json; default: out/deployment under the repository root)" },
    index: { type: "string", value: "I", default: "0", description: "which patient's device" },
    phr: { type: "string", value: "FILE", description: "the record to upload (bytes of the file; default: a synthetic PHR)" },
  },
  details: "Retries a timeout or a service down with the same message (never a second record); exit 1 on a refusal (the failing check is named).",
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  if (positionals[0] !== "upload") throw new CommandUsageError("device", `say upload, not ${positionals[0] ?? "nothing"}`);
  const index = Number(values.index);
  if (!Number.isInteger(index) || index < 0) throw new CommandUsageError("device", `--index must be a non-negative integer, not ${values.index}`);
  const phr = values.phr ? Uint8Array.from(readFileSync(values.phr)) : phrFor(`cli-${Date.now()}`);
  const receipt = await deviceUpload(outPath(values.dir, "out", "deployment"), index, phr);
  console.log(JSON.stringify(receipt, null, 2));
  return 0;
}
