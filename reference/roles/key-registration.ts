// What each party submits to register its keys, with the proofs of possession the registries check
// (on chain for G2 keys, G2Possession.sol) or keep for off-chain checking (the GT half of PRE keys,
// Ed25519 keys: the EVM has no arithmetic for either). Every proof is bound to the possession context
// keccak256(chain id, registry, account, purpose), so a key copied from one registration cannot be
// registered by another account, on another chain or with another registry.
import { bytesToHex, encodeAbiParameters, type Address, type Hex } from "viem";
import {
  decodePossessionProof,
  decodePrePublicKey,
  edSign,
  edVerify,
  encodeG2Eip2537,
  encodePossessionProof,
  keccak256,
  POSSESSION_PURPOSE,
  provePossession,
  proveG2Possession,
  systemRng,
  verifyPossession,
  type Rng,
} from "../crypto/index.ts";
import type { DeviceKeys, HospitalBKeys, PatientKeys } from "./parties.ts";
import { MedExChainError } from "../../protocol/errors.ts";

/** Where a key is registered: the chain, the registry contract, the account it is bound to. */
export interface RegistrationPlace {
  readonly chainId: number;
  readonly registry: Address;
  readonly account: Address;
}

/** The registries' possession context for `purpose`: keccak256(abi.encode(chainId, registry, account, purpose)). */
export function possessionContext(at: RegistrationPlace, purpose: Uint8Array): Uint8Array {
  return keccak256(
    Uint8Array.from(
      Buffer.from(
        encodeAbiParameters([{ type: "uint256" }, { type: "address" }, { type: "address" }, { type: "bytes32" }], [BigInt(at.chainId), at.registry, at.account, bytesToHex(purpose)]).slice(2),
        "hex",
      ),
    ),
  );
}

/** registerDevice's arguments: the device key uncompressed and its proof, bound to the owning patient. */
export function deviceRegistration(at: RegistrationPlace, device: Pick<DeviceKeys, "keys">, rng: Rng = systemRng): readonly [Hex, Hex] {
  const ctx = possessionContext(at, POSSESSION_PURPOSE.device);
  return [bytesToHex(encodeG2Eip2537(device.keys.pk)), bytesToHex(proveG2Possession(device.keys.sk, ctx, rng))];
}

/** registerPatient's arguments: PRE key, its G2 half uncompressed, the on-chain proof, the whole-key proof. */
export function patientRegistration(at: RegistrationPlace, p: Pick<PatientKeys, "pre" | "prePublicKey">, rng: Rng = systemRng): readonly [Hex, Hex, Hex, Hex] {
  const ctx = possessionContext(at, POSSESSION_PURPOSE.pre);
  return [
    bytesToHex(p.prePublicKey),
    bytesToHex(encodeG2Eip2537(p.pre.pk.g2a2)),
    bytesToHex(proveG2Possession(p.pre.sk.a2, ctx, rng)),
    bytesToHex(encodePossessionProof(provePossession(p.pre.sk, p.pre.pk, ctx, rng))),
  ];
}

/** The HospitalKeys struct registerHospital takes on chain B. */
export interface HospitalKeysArg {
  ed25519Key: Hex;
  preKey: Hex;
  g2b2: Hex;
  possession: Hex;
  gtPossession: Hex;
  ed25519Possession: Hex;
}

/** A hospital's keys with every proof of possession, bound to its chain-B account. */
export function hospitalRegistration(at: RegistrationPlace, hb: Pick<HospitalBKeys, "id" | "ed" | "pre" | "prePublicKey">, rng: Rng = systemRng): HospitalKeysArg {
  const ctx = possessionContext(at, POSSESSION_PURPOSE.pre);
  return {
    ed25519Key: bytesToHex(hb.id),
    preKey: bytesToHex(hb.prePublicKey),
    g2b2: bytesToHex(encodeG2Eip2537(hb.pre.pk.g2a2)),
    possession: bytesToHex(proveG2Possession(hb.pre.sk.a2, ctx, rng)),
    gtPossession: bytesToHex(encodePossessionProof(provePossession(hb.pre.sk, hb.pre.pk, ctx, rng))),
    ed25519Possession: bytesToHex(edSign(hb.ed.sk, possessionContext(at, POSSESSION_PURPOSE.ed25519))),
  };
}

/** A registration the registrar (or an auditor) refuses: a proof it checks off chain does not verify. */
export class PossessionProofError extends MedExChainError {
  constructor(
    readonly account: string,
    readonly key: "pre" | "ed25519",
  ) {
    super("E_POSSESSION_PROOF", `the ${key === "pre" ? "PRE key's (GT half)" : "Ed25519 key's"} proof of possession for ${account} does not verify`, "register only keys whose owner proves possession for this account, chain and registry");
  }
}

/** The off-chain half of a PRE key's possession check: the whole-key Schnorr proof (GT and G2). */
export function checkPreKeyPossession(at: RegistrationPlace, preKey: Uint8Array, gtPossession: Uint8Array): void {
  let ok = false;
  try {
    ok = verifyPossession(decodePrePublicKey(preKey), possessionContext(at, POSSESSION_PURPOSE.pre), decodePossessionProof(gtPossession));
  } catch {
    ok = false;
  }
  if (!ok) throw new PossessionProofError(at.account, "pre");
}

/** What chain B's registrar checks before registerHospital (the contract checks the G2 half itself). */
export function checkHospitalKeys(at: RegistrationPlace, k: HospitalKeysArg): void {
  checkPreKeyPossession(at, hexBytes(k.preKey), hexBytes(k.gtPossession));
  if (!edVerify(hexBytes(k.ed25519Key), possessionContext(at, POSSESSION_PURPOSE.ed25519), hexBytes(k.ed25519Possession))) throw new PossessionProofError(at.account, "ed25519");
}

function hexBytes(h: Hex): Uint8Array {
  return Uint8Array.from(Buffer.from(h.slice(2), "hex"));
}

