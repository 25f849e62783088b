// IoMT device D: samples a PHR, seals it under a fresh data key, PRE-encrypts the key material to
// its patient and signs with its unique BLS key. Constrained: no pairing, fixed-base tables only.
import {
  deviceSign,
  encodeDeviceSignature,
  encodeGt,
  encodeSecondLevelCiphertext,
  preEncryptorFor,
  sealBlob,
  systemRng,
  type Gt,
  type PreEncryptor,
  type Rng,
  type SecondLevelCiphertext,
} from "../crypto/index.ts";
import type { Binding } from "../wire/binding.ts";
import { payloadOf } from "../wire/binding.ts";
import { evaluate } from "../semantics/functions.ts";
import type { DeviceOwner } from "./parties.ts";
import { agentOf, atomOf, fieldTerm } from "../semantics/spec-terms.ts";
import { u64 } from "../semantics/scalars.ts";
import { blobAd, blobKey, type BlobContext } from "./record-context.ts";
import { RoleRuns, type World } from "./world.ts";

/** What the device is free to choose in one upload; everything else in up1 follows from these. */
export interface UploadChoices {
  /** The data key material, m ∈ GT. */
  m: Gt;
  /** The PRE ciphertext of m to the patient (its randomness is the device's). */
  ct: SecondLevelCiphertext;
  /** The PHR bytes sealed into the blob. */
  phr: Uint8Array;
  /** The device clock, seconds. */
  timestamp: bigint;
}

/** The fields a candidate set of choices produces: blob (aead), pre_P, tsD, the CID and blob hash it commits to, and sig_D when `signed`. */
export type Preview = (c: UploadChoices, signed?: boolean) => Record<string, Uint8Array>;

export class Device extends RoleRuns {
  constructor(
    world: World,
    protected readonly patient: DeviceOwner,
    private readonly haId: Uint8Array,
    private readonly firewallId: Uint8Array,
    protected readonly rng: Rng = systemRng,
  ) {
    super(world, "D", `device:${Buffer.from(patient.device.id).toString("hex").slice(0, 8)}`);
  }

  /** Produce message up1 for one PHR; `timestamp` is the device clock (seconds). */
  upload(run: string, phr: Uint8Array, timestamp: bigint): Uint8Array {
    const spec = this.world.specs.upload;
    const { endpoint, binding } = this.run(spec, run);
    const up1 = spec.messages.find((x) => x.label === "up1")!;
    // A scratch copy of the run's binding: what a candidate set of choices would produce (the
    // signature only on request: it is the expensive part).
    const preview: Preview = (c, signed = false) => {
      const b = binding.clone();
      this.compose(b, c, signed);
      const field = (msg: string, name: string) => b.get(fieldTerm(spec, msg, name));
      return {
        aead: field("up1", "aead"),
        pre_P: field("up1", "pre_P"),
        tsD: b.get(atomOf(spec, "tsD")),
        cid: field("up2", "cid"),
        blobhash: field("up2", "blobhash"),
        ...(signed ? { sig_D: field("up1", "sig_D") } : {}),
      };
    };
    this.compose(binding, this.choose(phr, timestamp, preview));
    const bytes = endpoint.send("up1", this.faulty("up1", binding.fieldsFor(up1)));
    endpoint.claimsAfter("up1");
    return bytes;
  }

  /**
   * The device's free choices for one upload. An honest device draws m and r fresh and ignores
   * `preview` (the up1 fields a candidate would produce); a subverted one may grind on it.
   */
  protected choose(phr: Uint8Array, timestamp: bigint, _preview: Preview): UploadChoices {
    const { ct, m } = this.encryptor().encrypt(undefined, this.rng);
    return { m, ct, phr, timestamp };
  }

  private encryptorCache?: PreEncryptor;
  /** The fixed-base encryptor for the patient's key (built once per device). */
  protected encryptor(): PreEncryptor {
    return (this.encryptorCache ??= preEncryptorFor(this.patient.pre.pk));
  }

  /** Seal, encrypt and sign: binds every term of up1 that follows from the choices. */
  private compose(b: Binding, c: UploadChoices, signed = true): void {
    const spec = this.world.specs.upload;
    const ctx: BlobContext = { device: this.patient.device.id, hospital: this.haId, patient: this.patient.id, timestamp: c.timestamp };
    const blob = sealBlob(blobKey(c.m, ctx), c.phr, blobAd(ctx));
    b.set(agentOf("D"), this.patient.device.id);
    b.set(agentOf("F"), this.firewallId);
    b.set(agentOf("HA"), this.haId);
    b.set(agentOf("P"), this.patient.id);
    b.set(atomOf(spec, "m"), encodeGt(c.m));
    b.set(atomOf(spec, "phr"), c.phr);
    b.set(atomOf(spec, "tsD"), u64(c.timestamp));
    b.set(fieldTerm(spec, "up1", "aead"), blob);
    for (const f of ["cid", "blobhash"]) b.set(fieldTerm(spec, "up2", f), evaluate(fieldTerm(spec, "up2", f), b));
    b.set(fieldTerm(spec, "up1", "pre_P"), encodeSecondLevelCiphertext(c.ct));
    if (!signed) return;
    const sig = fieldTerm(spec, "up1", "sig_D");
    if (sig.kind !== "sign") throw new Error("spec: up1.sig_D is not a signature");
    b.set(sig, encodeDeviceSignature(deviceSign(this.patient.device.keys.sk, payloadOf(sig, (t) => b.get(t)))));
  }
}

