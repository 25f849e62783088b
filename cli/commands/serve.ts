// medexchain serve <role>: one party as a long-running process against JSON-RPC chains, with its state
// in a data directory it owns (reference/service/serve-main.ts). `medexchain deploy up` starts one of
// each with the right arguments; this command is for running a party by hand or elsewhere.
import { defineCommand, parseCommand, CommandUsageError } from "../command-spec.ts";
import { serve, SERVICE_ROLES } from "../../reference/service/serve-main.ts";

export const command = defineCommand({
  name: "serve",
  summary: "Run one party as a long-running service: `relay` (the carrier), `member` (committee member --index I), `patient` (patient --index I's agent: grants requests for her records), `hospital-b` (files requests handed to it, finishes deliveries), `hospital-a` (checks uploads and anchors each exactly once) or `firewall` (filters a device's upload, forwards it to hospital A). Its keys come from --data-dir (provision them first: `medexchain keys init`), and so does its state: a restart resumes where it stopped and repeats nothing.",
  positionals: `ROLE: one of ${SERVICE_ROLES.join(", ")}`,
  options: {
    "rpc-a": { type: "string", value: "URL", description: "chain A's JSON-RPC node (not needed by member)" },
    "rpc-b": { type: "string", value: "URL", description: "chain B's JSON-RPC node" },
    "rpc-relay": { type: "string", value: "URL", description: "the relay chain's JSON-RPC node" },
    deployment: { type: "string", value: "FILE", description: "the deployment's contract addresses (written by deploy up or audit --save-deployment)" },
    seed: { type: "string", value: "SEED", description: "derive the party's keys from this demo seed instead of DATA-DIR/keys.json (reproducible local runs only)" },
    "data-dir": { type: "string", value: "DIR", description: "the party's own directory: its keys (keys.json, from `medexchain keys init`), state (cursors, pending work, replay sets), trace" },
    index: { type: "string", value: "I", default: "0", description: "which committee member or patient" },
    patients: { type: "string", value: "N", default: "1", description: "with --seed: how many patients the seed provisions" },
    port: { type: "string", value: "P", default: "0", description: "HTTP port of the party's endpoints (/status, and /sign, /intro or /share); 0 = any free port" },
    "blob-dir": { type: "string", value: "DIR", description: "the content-addressed blob store the firewall and hospital A write and hospital B fetches from (default DATA-DIR/blobs)" },
    members: { type: "string", value: "URL,…", description: "relay: the committee members' services (required unless --seed: then the seed's members run as worker threads of the relay)" },
    "hospital-a": { type: "string", value: "URL", description: "firewall: hospital A's service, where it forwards uploads" },
    "firewall-address": { type: "string", value: "ADDR", description: "hospital-a: the reverse firewall whose countersignature it accepts (required unless --seed)" },
    "interval-ms": { type: "string", value: "N", default: "50", description: "pause between passes" },
    "batch-blocks": { type: "string", value: "N", default: "2000", description: "blocks per getLogs request" },
    confirmations: { type: "string", value: "N", default: "0", description: "read only blocks this deep under the head" },
    "crash-at": { type: "string", value: "POINT", description: "relay or hospital-a: die (exit 137) at this point (fault experiments; hospital-a: after-accept, after-anchor)" },
    submitters: { type: "string", value: "N", default: "1", description: "relay: accounts submitting side by side (the first member's, then funded node accounts)" },
    trace: { type: "boolean", description: "append the party's trace events to DATA-DIR/trace.jsonl" },
  },
  details: "Runs until killed (SIGTERM or SIGINT). Prints one JSON line per pass that did something. Exit 2 on a usage error, 1 with E_KEY_FILE when DATA-DIR holds no keys for the role (run `medexchain keys init --role ROLE --data-dir DATA-DIR` first).",
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const [role, ...extra] = parsed.positionals;
  if (extra.length) throw new CommandUsageError("serve", `one role only, got ${parsed.positionals.join(" ")}`);
  if (!role) throw new CommandUsageError("serve", `name the role: one of ${SERVICE_ROLES.join(", ")}`);
  // The role is the one positional: drop it where it stands (not a value of some option).
  const at = argv.findIndex((a, i) => a === role && !(i > 0 && argv[i - 1]!.startsWith("--") && command.options[argv[i - 1]!.slice(2) as keyof typeof command.options]?.type === "string"));
  return serve(role, argv.filter((_, i) => i !== at));
}
