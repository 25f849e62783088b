// The attack gallery: every scenario of issue 8 holds, and the judging has teeth — an attack that
// goes through, or a scenario that breaks, is reported as not holding.
import { describe, expect, it } from "vitest";
import { SCENARIOS, runScenario } from "../../../adversary/attacks/gallery.ts";
import { attempt, reverted, Evidence, type Scenario } from "../../../adversary/attacks/scenario.ts";
import { onFreshChains } from "../../../scenario/fresh-deployment.ts";
import { anchorRecord, carryRequest, fileRequest } from "../../../scenario/share-steps.ts";

const ISSUE_8 = [
  "replayed request",
  "replayed grant",
  "grant for another requester",
  "forged relay proof: too few signatures",
  "forged relay proof: unknown committee member",
  "forged relay proof: wrong source chain id",
  "forged relay proof: wrong event",
  "tampered PRE ciphertext",
  "swapped CID",
  "swapped blob",
  "malicious relay altering the re-encrypted ciphertext",
  "relay dropping a delivery",
  "insider on chain A rewriting a record",
  "subverted device without the reverse firewall",
  "subverted device with the reverse firewall",
  "request by an unregistered hospital",
];

// Issue 15's chain-side attacks (the grant-side ones come with the record-bound grant).
const ISSUE_15_CHAIN = [
  "t−1 committee members logging a bogus re-encryption",
  "t−1 committee members delivering a bogus re-encryption",
  "device-id squatting with a copied device key",
  "registering another party's PRE key",
  "record-id front-running",
];

describe("the gallery covers issues 8 and 15", () => {
  it("has a scenario for every attack the issues list", () => {
    const names = SCENARIOS.map((s) => s.name);
    for (const n of [...ISSUE_8, ...ISSUE_15_CHAIN]) expect(names, n).toContain(n);
  });
});

describe.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", (_, s) => {
  it("holds", async () => {
    const r = await runScenario(s);
    expect(r.observed).not.toContain("NOT HELD");
    expect(r.held, r.observed).toBe(true);
  });
});

describe("judging has teeth", () => {
  it("an attack that is accepted does not hold", async () => {
    const accepted: Scenario = {
      name: "genuine request presented as an attack",
      expected: "acceptRequest reverts",
      party: "nobody",
      run: (ev) =>
        onFreshChains("teeth", async ({ dep }) => {
          await anchorRecord(dep, "1");
          const { txHash } = await fileRequest(dep, "1");
          const o = await attempt(carryRequest(dep, "1", txHash));
          ev.check(reverted(o, "RelayMessageReplayed"), `carrying it: ${o.kind}`);
        }),
    };
    const r = await runScenario(accepted);
    expect(r.held).toBe(false);
    expect(r.observed).toContain("NOT HELD: carrying it: accepted");
  });

  it("a scenario that breaks does not hold, and an untyped error is not taken for a rejection", async () => {
    await expect(attempt(Promise.reject(new TypeError("bug")))).rejects.toThrow(TypeError);
    const broken: Scenario = { name: "broken", expected: "-", party: "-", run: async () => { throw new TypeError("bug in the scenario"); } };
    const r = await runScenario(broken);
    expect(r.held).toBe(false);
    expect(r.observed).toContain("bug in the scenario");
  });

  it("a scenario that checks nothing does not hold", () => {
    expect(new Evidence().held).toBe(false);
  });
});
