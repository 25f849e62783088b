// Codecs of the cross-chain payloads the contracts build (Solidity structs in src/Messages.sol):
// chain B's RequestMessage to chain A and chain A's DeliveryMessage to chain B.
import { decodeAbiParameters, encodeAbiParameters, type Address, type Hex } from "viem";
import { LedgerError } from "./errors.ts";
import { OUTCOME } from "../contracts/codes.ts";

const REQUEST_TUPLE = [
  {
    type: "tuple",
    components: [
      { name: "requestId", type: "bytes32" },
      { name: "recordId", type: "bytes32" },
      { name: "patient", type: "address" },
      { name: "nonce", type: "bytes32" },
      { name: "timestamp", type: "uint64" },
      { name: "requester", type: "address" },
      { name: "requesterKey", type: "bytes32" },
      { name: "requesterPreKey", type: "bytes" },
      { name: "requesterSig", type: "bytes" },
    ],
  },
] as const;

const DELIVERY_TUPLE = [
  {
    type: "tuple",
    components: [
      { name: "requestId", type: "bytes32" },
      { name: "recordId", type: "bytes32" },
      { name: "outcome", type: "uint8" },
      { name: "patient", type: "address" },
      { name: "nonce", type: "bytes32" },
      { name: "cid", type: "bytes" },
      { name: "blobHash", type: "bytes32" },
      { name: "reCiphertext", type: "bytes" },
      { name: "reKeyHash", type: "bytes32" },
      { name: "patientSig", type: "bytes" },
    ],
  },
] as const;

/** A request filed on chain B, as carried to chain A. */
export interface RequestMessage {
  requestId: Hex;
  recordId: Hex;
  patient: Address;
  nonce: Hex;
  timestamp: bigint;
  requester: Address;
  /** HB's Ed25519 public key as registered on chain B. */
  requesterKey: Hex;
  /** HB's PRE public key as registered on chain B. */
  requesterPreKey: Hex;
  /** HB's Ed25519 signature over the request. */
  requesterSig: Hex;
}

export { OUTCOME };

/** Chain A's answer to a request, as carried to chain B. */
export interface DeliveryMessage {
  requestId: Hex;
  recordId: Hex;
  outcome: number;
  patient: Address;
  nonce: Hex;
  cid: Hex;
  blobHash: Hex;
  reCiphertext: Hex;
  reKeyHash: Hex;
  patientSig: Hex;
}

/** A payload that does not decode as the expected message. */
export class PayloadDecodeError extends LedgerError {
  constructor(kind: string, detail: string) {
    super("E_PAYLOAD_DECODE", `cannot decode a ${kind} payload (${detail}); it was not produced by the MedExChain contracts`);
  }
}

// The ABI decoder tolerates dirty padding and trailing bytes; the contracts only ever emit the
// canonical encoding, so anything else is refused rather than read as some other message.
function canonical(kind: string, payload: Hex, encode: () => Hex): void {
  let again: Hex | undefined;
  try {
    again = encode();
  } catch {
    again = undefined;
  }
  if (again?.toLowerCase() !== payload.toLowerCase()) throw new PayloadDecodeError(kind, "not the canonical ABI encoding (dirty padding, an out-of-range value or trailing bytes)");
}

/** ABI-encode a RequestMessage exactly as ExchangeB does. */
export function encodeRequestMessage(m: RequestMessage): Hex {
  return encodeAbiParameters(REQUEST_TUPLE, [m]);
}

/** Decode a RequestMessage payload. */
export function decodeRequestMessage(payload: Hex): RequestMessage {
  let m: RequestMessage;
  try {
    m = { ...decodeAbiParameters(REQUEST_TUPLE, payload)[0] };
  } catch (e) {
    throw new PayloadDecodeError("RequestMessage", e instanceof Error ? e.message.split("\n")[0]! : String(e));
  }
  canonical("RequestMessage", payload, () => encodeRequestMessage(m));
  return m;
}

/** ABI-encode a DeliveryMessage exactly as PhrIndexA does. */
export function encodeDeliveryMessage(m: DeliveryMessage): Hex {
  return encodeAbiParameters(DELIVERY_TUPLE, [m]);
}

/** Decode a DeliveryMessage payload. */
export function decodeDeliveryMessage(payload: Hex): DeliveryMessage {
  let m: DeliveryMessage;
  try {
    m = { ...decodeAbiParameters(DELIVERY_TUPLE, payload)[0] };
  } catch (e) {
    throw new PayloadDecodeError("DeliveryMessage", e instanceof Error ? e.message.split("\n")[0]! : String(e));
  }
  canonical("DeliveryMessage", payload, () => encodeDeliveryMessage(m));
  return m;
}
