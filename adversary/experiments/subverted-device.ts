// A subverted IoMT device (algorithm-substitution attack) inside the real upload path. It is the
// device role with its free choices — m, the PRE randomness r, padding of the PHR, its clock —
// picked by rejection sampling, so that what reaches the network leaks the next bit of a secret
// (its own signing key) to whoever holds the backdoor key: the biased-randomness attack of
// Bellare–Paterson–Rogaway. Every ciphertext still decrypts, every signature verifies.
//
// It is adaptive: it knows the firewall's algorithm (FirewallKnowledge) and grinds on the firewall's
// predicted output, and on the device signature only when the firewall publishes it. Against a
// firewall whose coins decide its output, the best it can do is grind on its own c1.
import { decodeSecondLevelCiphertext, encodeG1, preRandomMessage, randomScalar, type Rng } from "../../reference/crypto/index.ts";
import { Device, type Preview, type UploadChoices } from "../../reference/roles/device.ts";
import type { PatientKeys } from "../../reference/roles/parties.ts";
import type { World } from "../../reference/roles/world.ts";
import { backdoorBit, secretBit } from "./backdoor.ts";
import type { FirewallKnowledge } from "./firewall-variants.ts";

/** Rejection sampling per lever gives up after this many draws. */
const MAX_DRAWS = 64;

/** Every channel's reading is domain-separated, so grinding one leaves the others at chance. */
export function readChannel(key: Uint8Array, channel: string, bytes: Uint8Array): number {
  return backdoorBit(key, new Uint8Array([...new TextEncoder().encode(channel), 0, ...bytes]));
}

/** The subverter's secrets. */
export interface Backdoor {
  /** The PRF key only the subverter and its adversary hold. */
  key: Uint8Array;
  /** What the device exfiltrates (here its BLS secret key), one bit per upload on every channel. */
  secret: Uint8Array;
}

export class SubvertedDevice extends Device {
  /** Uploads made (upload t leaks secret bit t on every channel). */
  uploads = 0;
  /** Candidate up1 messages computed while grinding (honest = 1 per upload). */
  draws = 0;

  constructor(
    world: World,
    patient: PatientKeys,
    haId: Uint8Array,
    firewallId: Uint8Array,
    rng: Rng,
    private readonly backdoor: Backdoor,
    private readonly firewall: FirewallKnowledge,
  ) {
    super(world, patient, haId, firewallId, rng);
  }

  protected override choose(phr: Uint8Array, timestamp: bigint, preview: Preview): UploadChoices {
    const want = secretBit(this.backdoor.secret, this.uploads++);
    const K = this.backdoor.key;
    const read = (channel: string, bytes: Uint8Array) => readChannel(K, channel, bytes) === want;
    const enc = this.encryptor();

    // Length: pad the PHR (JSON tolerates a trailing space) so the blob's length has parity `want`.
    let c: UploadChoices = { ...enc.encrypt(undefined, this.rng), phr, timestamp };
    let f = this.look(preview, c);
    if ((f["aead"]!.length & 1) !== want) c = { ...c, phr: new Uint8Array([...phr, 0x20]) };

    // tsD first: step the clock back a second at a time (the window is an hour). The blob's key and
    // associated data bind tsD (the record context), so the clock must be settled before m is ground.
    f = this.look(preview, c);
    for (let i = 0; i < MAX_DRAWS && !read("timestamp", f["tsD"]!); i++) {
      c = { ...c, timestamp: timestamp - BigInt(i + 1) };
      f = this.look(preview, c);
    }
    // m: the blob, its CID and its hash are all functions of m (and the PHR and record context); the firewall cannot change them.
    for (let i = 0; i < MAX_DRAWS; i++) {
      f = this.look(preview, c);
      if (read("cid", f["cid"]!) && read("blobhash", f["blobhash"]!) && read("blob", f["aead"]!)) break;
      c = { ...c, m: preRandomMessage(this.rng) };
    }
    // r: the ciphertext the firewall will forward (if its algorithm fixes it) and, if published, the signature.
    for (let i = 0; i < MAX_DRAWS; i++) {
      c = { ...c, ct: enc.encryptWith(c.m, randomScalar(this.rng)) };
      f = this.look(preview, c, this.firewall.publishesDeviceSignature);
      const c1 = decodeSecondLevelCiphertext(f["pre_P"]!).c1;
      const target = this.firewall.predictC1(c1) ?? c1;
      const sigOk = !this.firewall.publishesDeviceSignature || read("device-signature", f["sig_D"]!);
      if (read("ciphertext", encodeG1(target)) && sigOk) break;
    }
    return c;
  }

  private look(preview: Preview, c: UploadChoices, signed = false): Record<string, Uint8Array> {
    this.draws++;
    return preview(c, signed);
  }
}
