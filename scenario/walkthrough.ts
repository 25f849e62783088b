// One share driven through the contracts alone — registration, anchor, request, relay, grant,
// re-encryption, delivery, acknowledgement — with real signatures (HB's Ed25519, the patient's and
// the committee's secp256k1) and PRE-sized opaque payloads in place of the reference cryptography,
// which the contracts never inspect. It measures gas per function and gives the ledger tests their
// fixture; the protocol roles (reference/roles) run the real thing.
import { ed25519 } from "@noble/curves/ed25519.js";
import { bytesToHex, encodeAbiParameters, hexToBytes, keccak256, stringToBytes, type Address, type Hex, type LocalAccount } from "viem";
import type { ChainEvent, TxResult } from "../reference/chains/adapter.ts";
import type { MedExChainDeployment } from "../reference/chains/deploy.ts";
import { labelledAccount } from "../reference/chains/dev-accounts.ts";
import { committeeProof, messageFromOutbound, type RelayMessage } from "../reference/chains/relay-proof.ts";
import { LedgerError } from "../reference/chains/errors.ts";

/** Sizes (bytes) of the opaque payloads, as the reference cryptography encodes them (docs/crypto.md). */
export const PAYLOAD_SIZES = {
  prePublicKey: 384,
  secondLevelCiphertext: 336,
  reKey: 96,
  firstLevelCiphertext: 576,
  uploadEvidence: 48 + 65, // device BLS signature + firewall ECDSA signature
} as const;

/** Gas used by one contract function. */
export interface GasRow {
  chain: string;
  contract: string;
  functionName: string;
  gasUsed: bigint;
}

/** The parties of the walkthrough and their keys. */
export interface WalkthroughParties {
  ha: LocalAccount;
  patient: LocalAccount;
  hb: LocalAccount;
  hbEd25519: { secretKey: Uint8Array; publicKey: Hex };
  /** Committee members' keys (their addresses were registered at deployment). */
  committee: LocalAccount[];
  /** The committee member that submits the relay's transactions. */
  submitter: LocalAccount;
  gas: GasRow[];
}

/** Deterministic bytes of length `n` labelled `label` (stand-ins for PRE keys and ciphertexts). */
export function opaqueBytes(label: string, n: number): Hex {
  const out = new Uint8Array(n);
  for (let i = 0; i * 32 < n; i++) out.set(hexToBytes(keccak256(stringToBytes(`${label}/${i}`))).subarray(0, Math.min(32, n - i * 32)), i * 32);
  return bytesToHex(out);
}

function row(gas: GasRow[], contract: string, fn: string, tx: TxResult): TxResult {
  gas.push({ chain: tx.chain, contract, functionName: fn, gasUsed: tx.gasUsed });
  return tx;
}

/** The Outbound event of a transaction (throws if it emitted none). */
export function outboundOf(tx: TxResult): ChainEvent {
  const ev = tx.events.find((e) => e.eventName === "Outbound");
  if (!ev) throw new LedgerError("E_NO_OUTBOUND", `transaction ${tx.hash} on chain ${tx.chain} emitted no Outbound message`);
  return ev;
}

/** Fund and register HA and the patient on chain A and HB on chain B. */
export async function registerParties(d: MedExChainDeployment, committee: LocalAccount[], tag: string = "0"): Promise<WalkthroughParties> {
  const { a, b, relay } = d.chains;
  const funder = d.chains.funded[1] ?? d.chains.funded[0]!;
  const ha = labelledAccount(`walkthrough-${tag}/hospital-A`);
  const patient = labelledAccount(`walkthrough-${tag}/patient`);
  const hb = labelledAccount(`walkthrough-${tag}/hospital-B`);
  const submitter = committee[0]!;
  const eth = 10n ** 18n;
  await Promise.all([
    a.fund({ to: ha.address, amount: eth, from: funder }),
    a.fund({ to: patient.address, amount: eth, from: funder }),
    a.fund({ to: submitter.address, amount: eth, from: funder }),
    b.fund({ to: hb.address, amount: eth, from: funder }),
    b.fund({ to: submitter.address, amount: eth, from: funder }),
    relay.fund({ to: submitter.address, amount: eth, from: funder }),
  ]);
  const secretKey = hexToBytes(keccak256(stringToBytes(`walkthrough-${tag}/hospital-B/ed25519`)));
  const hbEd25519 = { secretKey, publicKey: bytesToHex(ed25519.getPublicKey(secretKey)) };
  const gas: GasRow[] = [];
  await Promise.all([
    d.a.registry.send(d.a.registrar, "registerParty", [ha.address, 2, "0x", opaqueBytes("ha/sig", 33)]).then((t) => row(gas, "IdentityRegistryA", "registerParty", t)),
    d.a.registry.send(patient, "registerPatient", [opaqueBytes(`${tag}/patient/pre`, PAYLOAD_SIZES.prePublicKey), "0x"]).then((t) => row(gas, "IdentityRegistryA", "registerPatient", t)),
    d.b.registry
      .send(d.b.registrar, "registerHospital", [hb.address, hbEd25519.publicKey, opaqueBytes(`${tag}/hb/pre`, PAYLOAD_SIZES.prePublicKey), "Hospital B"])
      .then((t) => row(gas, "IdentityRegistryB", "registerHospital", t)),
  ]);
  return { ha, patient, hb, hbEd25519, committee, submitter, gas };
}

/** HA anchors a record of the patient; returns its id. */
export async function anchorRecord(d: MedExChainDeployment, p: WalkthroughParties, label: string, timestamp?: bigint): Promise<{ recordId: Hex; tx: TxResult }> {
  const recordId = keccak256(stringToBytes(`record/${label}`));
  const cid = opaqueBytes(`cid/${label}`, 36);
  const ts = timestamp ?? (await d.chains.a.now());
  const tx = await d.a.phrIndex.send(p.ha, "anchor", [
    recordId,
    cid,
    keccak256(stringToBytes(`blob/${label}`)),
    opaqueBytes(`pre/${label}`, PAYLOAD_SIZES.secondLevelCiphertext),
    p.patient.address,
    ts,
    opaqueBytes(`evidence/${label}`, PAYLOAD_SIZES.uploadEvidence),
  ]);
  row(p.gas, "PhrIndexA", "anchor", tx);
  return { recordId, tx };
}

/** HB files a request on chain B with its Ed25519 signature; returns the request and the message to relay. */
export async function fileRequest(
  d: MedExChainDeployment,
  p: WalkthroughParties,
  recordId: Hex,
  opts: { nonce?: Hex; timestamp?: bigint; patient?: Address } = {},
): Promise<{ requestId: Hex; tx: TxResult; message: RelayMessage }> {
  const nonce = opts.nonce ?? bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
  const timestamp = opts.timestamp ?? (await d.chains.b.now());
  const patient = opts.patient ?? p.patient.address;
  const signed = encodeAbiParameters(
    [{ type: "bytes32" }, { type: "address" }, { type: "bytes32" }, { type: "uint64" }, { type: "uint256" }, { type: "uint256" }],
    [recordId, patient, nonce, timestamp, BigInt(d.chains.b.profile.chainId), BigInt(d.chains.a.profile.chainId)],
  );
  const sig = bytesToHex(ed25519.sign(hexToBytes(signed), p.hbEd25519.secretKey));
  const tx = await d.b.exchange.send(p.hb, "request", [recordId, patient, nonce, timestamp, sig]);
  row(p.gas, "ExchangeB", "request", tx);
  const filed = tx.events.find((e) => e.eventName === "RequestFiled");
  return { requestId: d.b.exchange.argsOf("RequestFiled", filed!).requestId, tx, message: messageFromOutbound(d.chains.b, outboundOf(tx)) };
}

/** The committee carries `m`: it is recorded on the relay chain, then delivered to its destination. */
export async function carry(d: MedExChainDeployment, p: WalkthroughParties, m: RelayMessage, signers?: LocalAccount[]): Promise<{ proof: Hex; relayTx: TxResult; dstTx: TxResult }> {
  const proof = await committeeProof(signers ?? p.committee.slice(0, d.committee.threshold), m);
  const relayTx = row(p.gas, "RelayLog", "record", await d.relay.relayLog.send(p.submitter, "record", [m, proof]));
  const toA = m.dstChainId === BigInt(d.chains.a.profile.chainId);
  const dstTx = toA
    ? row(p.gas, "PhrIndexA", "acceptRequest", await d.a.phrIndex.send(p.submitter, "acceptRequest", [m, proof]))
    : row(p.gas, "ExchangeB", "deliver", await d.b.exchange.send(p.submitter, "deliver", [m, proof]));
  return { proof, relayTx, dstTx };
}

/** The patient's signature over her decision on `requestId` (binding the re-encryption key's hash). */
export async function patientDecisionSig(p: WalkthroughParties, requestId: Hex, reKey: Hex): Promise<Hex> {
  return p.patient.sign!({ hash: keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }], [requestId, keccak256(reKey)])) });
}

/** The patient grants `requestId`; returns the re-encryption key and her signature. */
export async function grantRequest(d: MedExChainDeployment, p: WalkthroughParties, requestId: Hex): Promise<{ reKey: Hex; patientSig: Hex; tx: TxResult }> {
  const reKey = opaqueBytes(`rk/${requestId}`, PAYLOAD_SIZES.reKey);
  const patientSig = await patientDecisionSig(p, requestId, reKey);
  const tx = row(p.gas, "PhrIndexA", "grant", await d.a.phrIndex.send(p.patient, "grant", [requestId, reKey, patientSig]));
  return { reKey, patientSig, tx };
}

/** The relay logs its re-encryption on chain A; returns the delivery message to carry to chain B. */
export async function logReEncryption(d: MedExChainDeployment, p: WalkthroughParties, requestId: Hex, patientSig: Hex): Promise<{ tx: TxResult; message: RelayMessage }> {
  const tx = await d.a.phrIndex.send(p.submitter, "markReEncrypted", [requestId, opaqueBytes(`re/${requestId}`, PAYLOAD_SIZES.firstLevelCiphertext), patientSig]);
  row(p.gas, "PhrIndexA", "markReEncrypted", tx);
  return { tx, message: messageFromOutbound(d.chains.a, outboundOf(tx)) };
}

/** HB acknowledges the delivery of `requestId`. */
export async function acknowledge(d: MedExChainDeployment, p: WalkthroughParties, requestId: Hex): Promise<TxResult> {
  const ackHash = keccak256(stringToBytes(`ack/${requestId}`));
  const sig = bytesToHex(ed25519.sign(hexToBytes(ackHash), p.hbEd25519.secretKey));
  return row(p.gas, "ExchangeB", "acknowledge", await d.b.exchange.send(p.hb, "acknowledge", [requestId, ackHash, sig]));
}

/** Run one whole share through the contracts; returns the request id and gas per function. */
export async function runLedgerWalkthrough(d: MedExChainDeployment, committee: LocalAccount[], tag: string = "0"): Promise<{ requestId: Hex; gas: GasRow[] }> {
  const p = await registerParties(d, committee, tag);
  const { recordId } = await anchorRecord(d, p, `${tag}/r0`);
  const { requestId, message } = await fileRequest(d, p, recordId);
  await carry(d, p, message);
  const { patientSig } = await grantRequest(d, p, requestId);
  const { message: delivery } = await logReEncryption(d, p, requestId, patientSig);
  await carry(d, p, delivery);
  await acknowledge(d, p, requestId);
  return { requestId, gas: p.gas };
}
