// The relay as its own process: `tsx reference/relay/relay-main.ts --rpc-a URL --rpc-b URL
// --rpc-relay URL --deployment FILE --seed SEED [--data-dir DIR] [--crash-at POINT] [--interval-ms N]
// [--batch-blocks N] [--confirmations N]`. It derives the committee's keys from the deployment seed,
// attaches to the deployed contracts and runs passes of the RelayService until killed, printing one
// JSON line per pass that did something (or failed). With --data-dir its cursors and pending work live
// in DIR/relay-state.json, so a restart resumes where it stopped; without, it re-reads from block 0.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseChainArgs } from "../chains/rpc.ts";
import { connectRpcChains } from "../chains/rpc.ts";
import { attachDeployment, loadDeployment } from "../audit/deployment-file.ts";
import { makeParties } from "../roles/parties.ts";
import { CRASH_POINTS, RelayService, initialRelayState, type CrashPoint } from "./relay-service.ts";
import { StateFile } from "../storage/state-file.ts";
import { CommitteeSigners } from "../committee/committee-signers.ts";

const { rpc, rest } = parseChainArgs(process.argv.slice(2));
const { values } = parseArgs({
  args: rest,
  options: { deployment: { type: "string" }, seed: { type: "string" }, "crash-at": { type: "string" }, "interval-ms": { type: "string", default: "50" },
    "data-dir": { type: "string" },
    "batch-blocks": { type: "string", default: "2000" },
    confirmations: { type: "string", default: "0" },
  },
});
if (!rpc || !values.deployment || !values.seed) {
  console.error("usage: relay-main.ts --rpc-a URL --rpc-b URL --rpc-relay URL --deployment FILE --seed SEED [--crash-at POINT]");
  process.exit(2);
}
const crashAt = values["crash-at"] as CrashPoint | undefined;
if (crashAt && !CRASH_POINTS.includes(crashAt)) {
  console.error(`--crash-at must be one of ${CRASH_POINTS.join(", ")}`);
  process.exit(2);
}
const say = (o: object) => process.stdout.write(JSON.stringify({ at: Date.now(), ...o }) + "\n");
// A relay that starts while a node is down waits for it, as it waits for one that goes down later.
const addresses = loadDeployment(values.deployment);
const { chains, d } = await (async () => {
  for (;;) {
    try {
      const chains = await connectRpcChains(rpc);
      return { chains, d: await attachDeployment(chains, addresses, values.deployment) };
    } catch (e) {
      say({ waiting: e instanceof Error ? e.message.split(";")[0] : String(e) });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
})();
const parties = makeParties(values.seed);
const service = new RelayService(chains, d, CommitteeSigners.of(parties.committee, d.committee.threshold), parties.committee[0]!.account, (point) => {
  if (point === crashAt) {
    say({ crashed: point });
    process.exit(137);
  }
}, {
  store: values["data-dir"] ? new StateFile(join(values["data-dir"], "relay-state.json"), initialRelayState) : undefined,
  batchBlocks: Number(values["batch-blocks"]),
  confirmations: Number(values.confirmations),
});
say({ started: true, crashAt: crashAt ?? null });
const interval = Number(values["interval-ms"]);
for (;;) {
  try {
    const r = await service.pass();
    // Refused work leaves the pending list, so each refusal is reported once.
    if (r.recorded || r.accepted || r.reEncrypted || r.delivered || r.refused.length) say({ pass: r });
  } catch (e) {
    // A chain that is down or restarting: try again on the next pass.
    say({ error: e instanceof Error ? e.message.split("\n")[0] : String(e) });
  }
  await new Promise((r) => setTimeout(r, interval));
}
