// The small integer codes the contracts store and emit, named once for the TypeScript side. Each
// table mirrors the Solidity constants named beside it; test/reference/contracts/codes.test.ts reads
// the Solidity sources and fails when a table and its contract disagree.

/** Party roles on chain A (IdentityRegistryA.PATIENT/HOSPITAL/FIREWALL). */
export const ROLE_CODES = { patient: 1, hospital: 2, firewall: 3 } as const;
export type RoleName = keyof typeof ROLE_CODES;

/** A relayed request's status on chain A (PhrIndexA.PENDING/GRANTED/REFUSED/REENCRYPTED; 0 = none). */
export const REQUEST_STATUS_A = { pending: 1, granted: 2, refused: 3, reEncrypted: 4 } as const;

/** A request's status on chain B (ExchangeB.REQUESTED/DELIVERED/REFUSED/ACKNOWLEDGED; 0 = none). */
export const REQUEST_STATUS_B = { requested: 1, delivered: 2, refused: 3, acknowledged: 4 } as const;

/** Outcome codes of a DeliveryMessage (library Outcome in Messages.sol). */
export const OUTCOME = { granted: 1, refused: 2 } as const;

/** Audit-log phase codes (library Phases in Phases.sol). */
export const PHASES = {
  SETUP: 0,
  REGISTER: 1,
  ANCHOR: 2,
  REQUEST: 3,
  REQUEST_ACCEPTED: 4,
  GRANT: 5,
  REFUSE: 6,
  REENCRYPT: 7,
  DELIVER: 8,
  ACK: 9,
  RELAY: 10,
} as const;
