// The TypeScript code tables against the Solidity constants they name: a contract that renumbers a
// role, status, outcome or phase fails here rather than in a share.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OUTCOME, PHASES, REQUEST_STATUS_A, REQUEST_STATUS_B, ROLE_CODES } from "../../../reference/contracts/codes.ts";

/** `uint8 <visibility> constant NAME = N;` in the given contract or library body, by name. */
function solidityConstants(file: string, scope: string): Record<string, number> {
  const text = readFileSync(new URL(`../../../reference/contracts/src/${file}`, import.meta.url), "utf8");
  const start = text.search(new RegExp(`\\b(contract|library)\\s+${scope}\\b`));
  if (start < 0) throw new Error(`${file} declares no ${scope}`);
  const out: Record<string, number> = {};
  for (const m of text.slice(start).matchAll(/uint8\s+(?:public|internal)\s+constant\s+(\w+)\s*=\s*(\d+)\s*;/g)) out[m[1]!] = Number(m[2]);
  return out;
}

/** Our table keyed by the Solidity names it mirrors. */
function bySolidityName(table: Record<string, number>, names: Record<string, string>): Record<string, number> {
  return Object.fromEntries(Object.entries(names).map(([ts, sol]) => [sol, table[ts]!]));
}

describe("contract code tables", () => {
  it("role codes are IdentityRegistryA's", () => {
    expect(bySolidityName(ROLE_CODES, { patient: "PATIENT", hospital: "HOSPITAL", firewall: "FIREWALL" })).toEqual(solidityConstants("IdentityRegistryA.sol", "IdentityRegistryA"));
  });

  it("request statuses are PhrIndexA's and ExchangeB's", () => {
    expect(bySolidityName(REQUEST_STATUS_A, { pending: "PENDING", granted: "GRANTED", refused: "REFUSED", reEncrypted: "REENCRYPTED" })).toEqual(solidityConstants("PhrIndexA.sol", "PhrIndexA"));
    expect(bySolidityName(REQUEST_STATUS_B, { requested: "REQUESTED", delivered: "DELIVERED", refused: "REFUSED", acknowledged: "ACKNOWLEDGED" })).toEqual(solidityConstants("ExchangeB.sol", "ExchangeB"));
  });

  it("outcomes and phases are Messages.sol's and Phases.sol's", () => {
    expect(bySolidityName(OUTCOME, { granted: "GRANTED", refused: "REFUSED" })).toEqual(solidityConstants("Messages.sol", "Outcome"));
    expect({ ...PHASES }).toEqual(solidityConstants("Phases.sol", "Phases"));
  });

  it("a renumbered table is caught", () => {
    const moved = { ...ROLE_CODES, firewall: 4 };
    expect(bySolidityName(moved, { patient: "PATIENT", hospital: "HOSPITAL", firewall: "FIREWALL" })).not.toEqual(solidityConstants("IdentityRegistryA.sol", "IdentityRegistryA"));
  });
});
