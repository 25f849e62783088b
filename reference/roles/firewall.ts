// Reverse firewall F: the gateway in front of the device. It verifies the device's unique
// signature, pins the blob in content-addressed storage, re-randomises the PRE ciphertext (so a
// subverted device cannot leak through its randomness) and countersigns what it forwards.
import {
  decodeDevicePublicKey,
  decodeDeviceSignature,
  decodePrePublicKey,
  decodeSecondLevelCiphertext,
  deviceVerify,
  encodeSecondLevelCiphertext,
  preEncryptorFor,
  rerandomise,
  systemRng,
  type Rng,
  type PreEncryptor,
  type SecondLevelCiphertext,
} from "../crypto/index.ts";
import { evaluate } from "../semantics/functions.ts";
import { ProtocolViolation } from "../semantics/violations.ts";
import type { EvmIdentity } from "./parties.ts";
import { readU64 } from "../semantics/scalars.ts";
import { asSign, ethSignTerm, payload } from "../semantics/signing.ts";
import { agentOf, fieldTerm } from "../semantics/spec-terms.ts";
import { RoleRuns, type World } from "./world.ts";
import { checkFreshTimestamp, registry } from "./chain-reads.ts";
import { bytesToHex } from "viem";

export class Firewall extends RoleRuns {
  constructor(
    world: World,
    private readonly me: EvmIdentity,
    protected readonly rng: Rng = systemRng,
  ) {
    super(world, "F", me.account.address);
  }

  // One fixed-base table per patient: the firewall re-randomises every upload to that patient.
  private readonly encryptors = new Map<string, PreEncryptor>();

  private async encryptorFor(patient: string): Promise<PreEncryptor> {
    let e = this.encryptors.get(patient.toLowerCase());
    if (!e) {
      e = preEncryptorFor(decodePrePublicKey((await registry(this.world).party(patient)).preKey));
      this.encryptors.set(patient.toLowerCase(), e);
    }
    return e;
  }

  /**
   * The firewall's transformation of the device's ciphertext: a fresh encryption of 1 multiplied in
   * (crypto/crf.ts). The ASA experiment's negative controls override it with broken variants.
   */
  protected rerandomise(ct: SecondLevelCiphertext, enc: PreEncryptor, coins: Rng = this.rng): SecondLevelCiphertext {
    return rerandomise(ct, enc, coins);
  }

  /**
   * The coins for re-randomising `up1`: the firewall's own randomness. The firewall service draws
   * them from a PRF of the message under a key only it holds, so a device retrying the same upload
   * gets the same up2 (HA answers it with the same record id) while the device still cannot predict them.
   */
  protected coinsFor(_up1: Uint8Array): Rng {
    return this.rng;
  }

  /** Check up1 from the device, then produce up2 for the source hospital. */
  async filter(run: string, up1: Uint8Array): Promise<Uint8Array> {
    const spec = this.world.specs.upload;
    const { endpoint, binding } = this.run(spec, run);
    const m1 = spec.messages.find((m) => m.label === "up1")!;
    binding.set(agentOf("F"), this.me.id);
    let cand = binding;
    let device: { owner: string; sigKey: Uint8Array } | undefined;
    const view = (f: Record<string, Uint8Array>) => {
      if (cand === binding) {
        cand = binding.withMessage(m1, f);
        for (const name of ["cid", "blobhash"]) cand.set(fieldTerm(spec, "up2", name), evaluate(fieldTerm(spec, "up2", name), cand));
      }
      return cand;
    };
    const deviceOf = async (f: Record<string, Uint8Array>) => {
      device ??= await registry(this.world).device(f["D"]!);
      return device;
    };
    const fields = await endpoint.receive("up1", up1, {
      sig: async (f) => {
        const d = await deviceOf(f);
        const ok = deviceVerify(decodeDevicePublicKey(d.sigKey), payload(asSign(fieldTerm(spec, "up1", "sig_D")), view(f)), decodeDeviceSignature(f["sig_D"]!));
        if (!ok) throw new ProtocolViolation("E_BAD_SIGNATURE", "the device's BLS signature does not verify under its registered key; the upload is dropped");
      },
      registered: async (f) => {
        const d = await deviceOf(f);
        if (d.owner.toLowerCase() !== bytesToHex(f["P"]!).toLowerCase()) throw new ProtocolViolation("E_NOT_REGISTERED", `device is registered to ${d.owner}, not to the named patient`);
      },
      ts: async (f) => {
        await checkFreshTimestamp(this.world, "A", readU64(f["tsD"]!));
      },
    });
    const b = view(fields);
    binding.absorb(m1, fields);
    for (const name of ["cid", "blobhash"]) binding.set(fieldTerm(spec, "up2", name), b.get(fieldTerm(spec, "up2", name)));
    endpoint.claimsAfter("up1");

    await this.world.store.put(fields["aead"]!);
    const c2 = this.rerandomise(decodeSecondLevelCiphertext(fields["pre_P"]!), await this.encryptorFor(bytesToHex(fields["P"]!)), this.coinsFor(up1));
    binding.set(fieldTerm(spec, "up2", "rr_pre_P"), encodeSecondLevelCiphertext(c2));
    const sigTerm = fieldTerm(spec, "up2", "sig_F");
    binding.set(sigTerm, ethSignTerm(this.me.eth.sk, sigTerm, binding));
    const out = endpoint.send("up2", this.faulty("up2", binding.fieldsFor(spec.messages.find((m) => m.label === "up2")!)));
    endpoint.claimsAfter("up2");
    return out;
  }
}
