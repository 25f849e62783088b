// A hospital no registrar vouched for tries to take part: chain B refuses its request and chain A
// its anchoring, each naming the account.
import { bytesToHex, type Hex } from "viem";
import { auditDeployment } from "../../reference/audit/auditor.ts";
import { attempt, describe, reverted, type Scenario } from "./scenario.ts";
import { onFreshChains, outsider } from "../../scenario/fresh-deployment.ts";
import { anchorRecord } from "../../scenario/share-steps.ts";

export const unregisteredHospital: Scenario = {
  name: "request by an unregistered hospital",
  expected: "chain B reverts the request with NotRegisteredHospital(account) and nothing is carried; chain A likewise refuses the account's anchoring; the audit stays clean",
  party: "unregistered hospital",
  run: (ev) =>
    onFreshChains("unregistered", async (w) => {
      const { dep, chains } = w;
      const recordId = await anchorRecord(dep, "1");
      const mallory = await outsider(w, "hospital");
      const patient = dep.parties.patients[0]!.account.address;
      const sig = bytesToHex(new Uint8Array(64).fill(7));
      const req = await attempt(dep.world.deployment.b.exchange.send(mallory, "request", [recordId, patient, `0x${"11".repeat(32)}` as Hex, await chains.b.now(), sig]));
      ev.check(reverted(req, "NotRegisteredHospital") && req.kind === "revert" && String(req.args[0]).toLowerCase() === mallory.address.toLowerCase(), `request on chain B: ${describe(req)} naming ${mallory.address}`);
      const anchor = await attempt(
        dep.world.deployment.a.phrIndex.send(mallory, "anchor", ["0x01", `0x${"33".repeat(32)}` as Hex, "0x02", patient, `0x${"44".repeat(32)}` as Hex, await chains.a.now(), "0x"]),
      );
      ev.check(reverted(anchor, "NotRegisteredHospital"), `anchoring on chain A: ${describe(anchor)}`);
      const filed = await chains.b.events({ contract: dep.world.deployment.b.exchange, eventName: "RequestFiled" });
      ev.check(filed.length === 0, "no request filed on chain B, so nothing to carry");
      const audit = await auditDeployment(dep.world.deployment);
      ev.check(audit.clean, `audit: ${audit.clean ? "clean" : audit.findings.map((f) => f.kind).join(", ")}`);
    }),
};
