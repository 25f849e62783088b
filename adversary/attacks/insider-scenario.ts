// An insider on chain A rewriting a record, as the auditor sees it: the chain cannot be rewritten,
// so the insider serves a rewritten view (see insider.ts). Naive and track-covering rewrites are
// both caught, and chain A's operator is named.
import type { Hex } from "viem";
import { auditView } from "../../reference/audit/auditor.ts";
import { readAuditView } from "../../reference/audit/chain-view.ts";
import { cidToBytes, cidOf } from "../../reference/storage/cid.ts";
import { bytesToHex } from "viem";
import type { Scenario } from "./scenario.ts";
import { onFreshChains } from "../../scenario/fresh-deployment.ts";
import { fullShare } from "../../scenario/share-steps.ts";
import { rewriteRecord } from "./insider.ts";

export const insiderRewrite: Scenario = {
  name: "insider on chain A rewriting a record",
  expected: "the genuine chains audit clean; a view with the record's blob hash rewritten fails its entry's payload hash, and a view rewritten consistently (payload hash, entry hashes, links) fails the contract's stored hashes — both name chain-A",
  party: "chain-A (insider)",
  run: (ev) =>
    onFreshChains("insider", async ({ dep }) => {
      const { recordId } = await fullShare(dep, "1");
      const view = await readAuditView(dep.world.deployment);
      const genuine = await auditView(view);
      ev.check(genuine.clean, `genuine view: ${genuine.clean ? "clean" : "not clean"}`);
      const naive = await auditView(rewriteRecord(view, recordId, "blobHash", `0x${"ab".repeat(32)}` as Hex, { consistent: false }));
      const naiveA = naive.findings.filter((f) => f.chain === "A" && f.party === "chain-A" && f.kind === "altered");
      ev.check(naiveA.length > 0, `record's blob hash rewritten: ${naiveA.map((f) => `${f.kind} ${f.phase} (party ${f.party})`).join(", ") || "not detected"}`);
      const forged = bytesToHex(cidToBytes(cidOf(new TextEncoder().encode("a different blob"))));
      const covered = await auditView(rewriteRecord(view, recordId, "cid", forged, { consistent: true }));
      const stored = covered.findings.filter((f) => f.chain === "A" && f.party === "chain-A" && f.detail.includes("stores"));
      ev.check(stored.length > 0, `CID rewritten and the log re-hashed: ${stored.length} entries contradict the contract's stored hashes (party chain-A)`);
      const others = covered.findings.filter((f) => f.party !== "chain-A").map((f) => `${f.kind} (party ${f.party})`);
      ev.note(`also found: ${others.join(", ") || "nothing else"}`);
    }),
};
