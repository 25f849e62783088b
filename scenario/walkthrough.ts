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
import { committeeProof, messageFromOutbound, reEncryptionProof, type ReEncryptionClaim, type RelayMessage } from "../reference/chains/relay-proof.ts";
import { recordIdOf } from "../reference/chains/record-id.ts";
import { deviceKeyGen, encodePrePublicKey, preKeyGen, seededRng } from "../reference/crypto/index.ts";
import { deviceRegistration, hospitalRegistration, patientRegistration } from "../reference/roles/key-registration.ts";
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
  /** What the walkthrough anchored and granted, by record and request id: the committee's claims name them. */
  ciphertexts: Map<Hex, Hex>;
  reKeys: Map<Hex, Hex>;
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
  // Real keys where the registries check proofs of possession (PRE keys' G2 halves, the device key).
  const rng = seededRng(`MedExChain/walkthrough/${tag}`);
  const patientPre = preKeyGen(rng);
  const device = deviceKeyGen(rng);
  const hbPre = preKeyGen(rng);
  const hbKeys = { ed: { sk: secretKey, pk: hexToBytes(hbEd25519.publicKey) }, pre: hbPre, prePublicKey: encodePrePublicKey(hbPre.pk), id: hexToBytes(hbEd25519.publicKey) };
  const patientAt = { chainId: a.profile.chainId, registry: d.a.registry.address, account: patient.address };
  const patientKeys = { pre: patientPre, prePublicKey: encodePrePublicKey(patientPre.pk) };
  const hbAt = { chainId: b.profile.chainId, registry: d.b.registry.address, account: hb.address };
  await Promise.all([
    d.a.registry.send(d.a.registrar, "registerParty", [ha.address, 2]).then((t) => row(gas, "IdentityRegistryA", "registerParty", t)),
    (async () => {
      row(gas, "IdentityRegistryA", "registerPatient", await d.a.registry.send(patient, "registerPatient", patientRegistration(patientAt, patientKeys, rng)));
      const dk = { keys: device };
      row(gas, "IdentityRegistryA", "registerDevice", await d.a.registry.send(patient, "registerDevice", deviceRegistration(patientAt, dk, rng)));
    })(),
    d.b.registry
      .send(d.b.registrar, "registerHospital", [hb.address, hospitalRegistration(hbAt, hbKeys, rng), "Hospital B"])
      .then((t) => row(gas, "IdentityRegistryB", "registerHospital", t)),
  ]);
  return { ha, patient, hb, hbEd25519, committee, submitter, gas, ciphertexts: new Map(), reKeys: new Map() };
}

/** HA anchors a record of the patient; returns its id. */
export async function anchorRecord(d: MedExChainDeployment, p: WalkthroughParties, label: string, timestamp?: bigint): Promise<{ recordId: Hex; tx: TxResult }> {
  const cid = opaqueBytes(`cid/${label}`, 36);
  const ts = timestamp ?? (await d.chains.a.now());
  const ciphertext = opaqueBytes(`pre/${label}`, PAYLOAD_SIZES.secondLevelCiphertext);
  const tx = await d.a.phrIndex.send(p.ha, "anchor", [
    cid,
    keccak256(stringToBytes(`blob/${label}`)),
    ciphertext,
    p.patient.address,
    keccak256(stringToBytes(`device/${label}`)),
    ts,
    opaqueBytes(`evidence/${label}`, PAYLOAD_SIZES.uploadEvidence),
  ]);
  row(p.gas, "PhrIndexA", "anchor", tx);
  // Chain A derives the id (PhrIndexA.recordIdOf); the walkthrough computes the same one.
  const recordId = recordIdOf(d.chains.a.profile.chainId, p.ha.address, p.patient.address, cid, ts);
  p.ciphertexts.set(recordId, ciphertext);
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
  p.reKeys.set(requestId, reKey);
  return { reKey, patientSig, tx };
}

/** The claim `signers` vouch for when the walkthrough logs a re-encryption (payloads are opaque here: nobody recomputes). */
export async function reEncryptionClaimFor(d: MedExChainDeployment, p: WalkthroughParties, requestId: Hex, reCiphertext: Hex): Promise<ReEncryptionClaim> {
  const q = (await d.a.phrIndex.read("getRequest", [requestId])) as { recordId: Hex };
  return {
    chainId: BigInt(d.chains.a.profile.chainId),
    phrIndex: d.a.phrIndex.address,
    requestId,
    reKey: p.reKeys.get(requestId) ?? "0x",
    ciphertext: p.ciphertexts.get(q.recordId) ?? "0x",
    reCiphertext,
  };
}

/** The relay logs its re-encryption on chain A with t members' signatures; returns the delivery message to carry to chain B. */
export async function logReEncryption(
  d: MedExChainDeployment,
  p: WalkthroughParties,
  requestId: Hex,
  patientSig: Hex,
  signers?: LocalAccount[],
): Promise<{ tx: TxResult; message: RelayMessage }> {
  const reCiphertext = opaqueBytes(`re/${requestId}`, PAYLOAD_SIZES.firstLevelCiphertext);
  const proof = await reEncryptionProof(signers ?? p.committee.slice(0, d.committee.threshold), await reEncryptionClaimFor(d, p, requestId, reCiphertext));
  const tx = await d.a.phrIndex.send(p.submitter, "markReEncrypted", [requestId, reCiphertext, patientSig, proof]);
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
