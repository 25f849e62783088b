import { describe, expect, it } from "vitest";
import { hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import * as C from "../../../reference/crypto/index.ts";
import { compositeVector } from "./composite-vector.ts";
import stored from "./vectors/composite.json" with { type: "json" };

describe("composite known-answer vector", () => {
  it("recomputes byte for byte from its seed", () => {
    expect(compositeVector(stored.seed)).toEqual(stored);
  });

  it("a different seed gives a different vector", () => {
    expect(compositeVector("another seed").secondLevelCiphertext).not.toBe(stored.secondLevelCiphertext);
  });

  it("the stored bytes decode and decrypt consistently at every step", () => {
    const patientSk = C.decodePreSecretKey(hexToBytes(stored.patientSecretKey));
    const hbSk = C.decodePreSecretKey(hexToBytes(stored.hospitalBSecretKey));
    const m = C.decodeGt(hexToBytes(stored.message));
    const context = { patient: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", record: "record-0001", device: "device-42" };
    expect(C.gtEq(C.preDecrypt2(patientSk, C.decodeSecondLevelCiphertext(hexToBytes(stored.secondLevelCiphertext))), m)).toBe(true);
    expect(C.gtEq(C.preDecrypt2(patientSk, C.decodeSecondLevelCiphertext(hexToBytes(stored.rerandomisedCiphertext))), m)).toBe(true);
    const recovered = C.preDecrypt1(hbSk, C.decodeFirstLevelCiphertext(hexToBytes(stored.firstLevelCiphertext)));
    expect(C.gtEq(recovered, m)).toBe(true);
    C.checkKeyCommitment(recovered, context, hexToBytes(stored.keyCommitment));
    const key = C.dataKeyFrom(recovered, context);
    expect(new TextDecoder().decode(C.openBlob(key, hexToBytes(stored.blob), C.encodeRecordContext(context)))).toBe('{"hr":72,"spo2":98}');
    const devicePk = C.decodeDevicePublicKey(hexToBytes(stored.devicePublicKey));
    expect(C.deviceVerify(devicePk, hexToBytes(stored.statement), C.decodeDeviceSignature(hexToBytes(stored.deviceSignature)))).toBe(true);
    expect(C.deviceVerify(devicePk, utf8ToBytes("x"), C.decodeDeviceSignature(hexToBytes(stored.deviceSignature)))).toBe(false);
  });
});
