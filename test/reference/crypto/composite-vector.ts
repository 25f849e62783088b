// Our own known-answer vector for the composite scheme, computed from a seeded RNG. Run this file
// to print it (`npx tsx test/reference/crypto/composite-vector.ts > test/reference/crypto/vectors/composite.json`); the
// test recomputes it and compares byte for byte, so any change to an algorithm, an encoding or the
// order in which randomness is consumed shows up as a vector mismatch.
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import * as C from "../../../reference/crypto/index.ts";

/** Every intermediate of one upload-and-share, as hex. */
export function compositeVector(seed: string): Record<string, string> {
  const rng = C.seededRng(seed);
  const patient = C.preKeyGen(rng);
  const hospitalB = C.preKeyGen(rng);
  const device = C.deviceKeyGen(rng);
  const context: C.RecordContext = { patient: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", record: "record-0001", device: "device-42" };
  const phr = utf8ToBytes('{"hr":72,"spo2":98}');
  const { ct, m } = C.preEncrypt(patient.pk, undefined, rng);
  const key = C.dataKeyFrom(m, context);
  const commitment = C.keyCommitment(m, context);
  const blob = C.sealBlob(key, phr, C.encodeRecordContext(context));
  const statement = C.keccak256(new Uint8Array([...C.encodeRecordContext(context), ...C.blobHash(blob), ...commitment]));
  const signature = C.deviceSign(device.sk, statement);
  const rerandomised = C.rerandomise(ct, patient.pk, rng);
  const rk = C.preReKey(patient.sk, C.decodeDelegateeKey(C.encodePrePublicKey(hospitalB.pk)));
  const ct1 = C.preReEncrypt(rk, rerandomised);
  return {
    seed,
    patientSecretKey: bytesToHex(C.encodePreSecretKey(patient.sk)),
    patientPublicKey: bytesToHex(C.encodePrePublicKey(patient.pk)),
    hospitalBSecretKey: bytesToHex(C.encodePreSecretKey(hospitalB.sk)),
    hospitalBPublicKey: bytesToHex(C.encodePrePublicKey(hospitalB.pk)),
    deviceSecretKey: bytesToHex(C.encodeDeviceSecretKey(device.sk)),
    devicePublicKey: bytesToHex(C.encodeDevicePublicKey(device.pk)),
    message: bytesToHex(C.encodeGt(m)),
    secondLevelCiphertext: bytesToHex(C.encodeSecondLevelCiphertext(ct)),
    dataKey: bytesToHex(key),
    keyCommitment: bytesToHex(commitment),
    blob: bytesToHex(blob),
    statement: bytesToHex(statement),
    deviceSignature: bytesToHex(C.encodeDeviceSignature(signature)),
    rerandomisedCiphertext: bytesToHex(C.encodeSecondLevelCiphertext(rerandomised)),
    reKey: bytesToHex(C.encodeReKey(rk)),
    firstLevelCiphertext: bytesToHex(C.encodeFirstLevelCiphertext(ct1)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(compositeVector("MedExChain/v1/test-vector/1"), null, 2) + "\n");
}
