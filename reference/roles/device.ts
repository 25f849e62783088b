// IoMT device D: samples a PHR, seals it under a fresh data key, PRE-encrypts the key material to
// its patient and signs with its unique BLS key. Constrained: no pairing, fixed-base tables only.
import { deviceSign, encodeDeviceSignature, encodeGt, encodeSecondLevelCiphertext, preEncryptorFor, sealBlob, systemRng, type Rng } from "../crypto/index.ts";
import { payloadOf } from "../wire/binding.ts";
import { evaluate } from "../semantics/functions.ts";
import type { PatientKeys } from "./parties.ts";
import { agentOf, atomOf, fieldTerm } from "../semantics/spec-terms.ts";
import { u64 } from "../semantics/scalars.ts";
import { BLOB_AD, blobKey } from "./record-context.ts";
import { RoleRuns, type World } from "./world.ts";

export class Device extends RoleRuns {
  constructor(
    world: World,
    private readonly patient: PatientKeys,
    private readonly haId: Uint8Array,
    private readonly firewallId: Uint8Array,
    private readonly rng: Rng = systemRng,
  ) {
    super(world, "D", `device:${Buffer.from(patient.device.id).toString("hex").slice(0, 8)}`);
  }

  /** Produce message up1 for one PHR; `timestamp` is the device clock (seconds). */
  upload(run: string, phr: Uint8Array, timestamp: bigint): Uint8Array {
    const spec = this.world.specs.upload;
    const { endpoint, binding: b } = this.run(spec, run);
    const { ct, m } = preEncryptorFor(this.patient.pre.pk).encrypt(undefined, this.rng);
    const blob = sealBlob(blobKey(m), phr, BLOB_AD);
    b.set(agentOf("D"), this.patient.device.id);
    b.set(agentOf("F"), this.firewallId);
    b.set(agentOf("HA"), this.haId);
    b.set(agentOf("P"), this.patient.id);
    b.set(atomOf(spec, "m"), encodeGt(m));
    b.set(atomOf(spec, "phr"), phr);
    b.set(atomOf(spec, "tsD"), u64(timestamp));
    b.set(fieldTerm(spec, "up1", "aead"), blob);
    for (const f of ["cid", "blobhash"]) b.set(fieldTerm(spec, "up2", f), evaluate(fieldTerm(spec, "up2", f), b));
    b.set(fieldTerm(spec, "up1", "pre_P"), encodeSecondLevelCiphertext(ct));
    const sig = fieldTerm(spec, "up1", "sig_D");
    if (sig.kind !== "sign") throw new Error("spec: up1.sig_D is not a signature");
    b.set(sig, encodeDeviceSignature(deviceSign(this.patient.device.keys.sk, payloadOf(sig, (t) => b.get(t)))));
    const bytes = endpoint.send("up1", this.faulty("up1", b.fieldsFor(endpoint.spec.messages.find((x) => x.label === "up1")!)));
    endpoint.claimsAfter("up1");
    return bytes;
  }
}

