// The firewalls the ASA experiment runs the subverted device against: the real reverse firewall and
// broken variants that must be caught (negative controls). Each is the real firewall role with one
// step changed, and each comes with what the subverter knows of it: its algorithm, not its coins.
import { g1, gtMul, type G1Point, type PreEncryptor, type Rng, type SecondLevelCiphertext } from "../../reference/crypto/index.ts";
import { Firewall } from "../../reference/roles/firewall.ts";
import type { EvmIdentity } from "../../reference/roles/parties.ts";
import type { World } from "../../reference/roles/world.ts";
import { decodeMessage, messageOf } from "../../reference/wire/codec.ts";
import { upload } from "../../protocol/specs/medexchain.ts";

/** What an adaptive subverter knows of a firewall: its code, which fixes everything but its coins. */
export interface FirewallKnowledge {
  /** The c1 the firewall will forward for the device's c1, when its algorithm fixes it; undefined when its coins decide. */
  predictC1(c1: G1Point): G1Point | undefined;
  /** Whether the device's own signature reaches the network. */
  publishesDeviceSignature: boolean;
}

/** A firewall under test. */
export interface FirewallVariant extends FirewallKnowledge {
  name: string;
  description: string;
  /** A negative control: the experiment must reject it. */
  control: boolean;
  /** The advantage an adaptive subverter has on the ciphertext channel, by construction. */
  designedAdvantage: number;
  make(world: World, me: EvmIdentity, rng: Rng): Firewall & { published: Uint8Array[] };
}

/** c1·g1, the fixed-s = 1 step. */
const shiftByOne = (c1: G1Point) => c1.add(g1);

/** The real firewall role, recording nothing beyond what it already sends. */
class RealFirewall extends Firewall {
  readonly published: Uint8Array[] = [];
}

/** Re-randomises with s = 1 every time: deterministic, so the subverter can predict its output. */
class FixedRandomnessFirewall extends Firewall {
  readonly published: Uint8Array[] = [];
  protected override rerandomise(ct: SecondLevelCiphertext, enc: PreEncryptor): SecondLevelCiphertext {
    return { level: 2, c1: shiftByOne(ct.c1), c2: gtMul(ct.c2, enc.maskPower(1n)) };
  }
}

/** Forwards the ciphertext unchanged (checks and countersigns as usual). */
class IdentityFirewall extends Firewall {
  readonly published: Uint8Array[] = [];
  protected override rerandomise(ct: SecondLevelCiphertext): SecondLevelCiphertext {
    return ct;
  }
}

/**
 * Re-randomises properly but also publishes the device's signature (pinned next to the blob, as a
 * design where HA verifies the device directly would). BLS signatures are unique, yet this one is a
 * function of the device's own ciphertext, so the device grinds its randomness on the signature.
 */
class SignatureForwardingFirewall extends Firewall {
  readonly published: Uint8Array[] = [];
  override async filter(run: string, up1: Uint8Array): Promise<Uint8Array> {
    const out = await super.filter(run, up1);
    const sig = decodeMessage(messageOf(upload, "up1"), up1)["sig_D"]!;
    await this.world.store.put(sig);
    this.published.push(sig);
    return out;
  }
}

/** Uses s = 1 on a tenth of the uploads (its own coin decides), fresh s otherwise: advantage 0.1, the power check. */
class WeakFirewall extends Firewall {
  readonly published: Uint8Array[] = [];
  protected override rerandomise(ct: SecondLevelCiphertext, enc: PreEncryptor): SecondLevelCiphertext {
    // one byte < 25.6 of 256: probability 0.1 (26/256 = 0.1016)
    if (this.rng(1)[0]! < 26) return { level: 2, c1: shiftByOne(ct.c1), c2: gtMul(ct.c2, enc.maskPower(1n)) };
    return super.rerandomise(ct, enc);
  }
}

export const REAL_FIREWALL: FirewallVariant = {
  name: "reverse firewall",
  description: "the firewall role as deployed: fresh uniform s per upload, device signature verified and not forwarded",
  control: false,
  designedAdvantage: 0,
  predictC1: () => undefined,
  publishesDeviceSignature: false,
  make: (w, me, rng) => new RealFirewall(w, me, rng),
};

/** The negative controls; the last is the weak one that checks the test's power. */
export const CONTROL_FIREWALLS: readonly FirewallVariant[] = [
  {
    name: "fixed randomness (s = 1)",
    description: "re-randomises with s = 1 every upload: its output c1·g1 is predictable",
    control: true,
    designedAdvantage: 1,
    predictC1: shiftByOne,
    publishesDeviceSignature: false,
    make: (w, me, rng) => new FixedRandomnessFirewall(w, me, rng),
  },
  {
    name: "identity firewall",
    description: "forwards the device's ciphertext unchanged",
    control: true,
    designedAdvantage: 1,
    predictC1: (c1) => c1,
    publishesDeviceSignature: false,
    make: (w, me, rng) => new IdentityFirewall(w, me, rng),
  },
  {
    name: "forwards the device signature",
    description: "re-randomises properly but publishes the device's BLS signature over its own ciphertext",
    control: true,
    designedAdvantage: 1,
    predictC1: () => undefined,
    publishesDeviceSignature: true,
    make: (w, me, rng) => new SignatureForwardingFirewall(w, me, rng),
  },
];

/** The power check: a firewall broken on 10 % of uploads gives the subverter advantage 0.1 (0.1016 exactly). */
export const WEAK_FIREWALL: FirewallVariant = {
  name: "weak firewall (s = 1 on 10 % of uploads)",
  description: "fixed s = 1 with probability 26/256, fresh s otherwise: designed advantage 0.10 on the ciphertext channel",
  control: true,
  designedAdvantage: 26 / 256,
  predictC1: shiftByOne,
  publishesDeviceSignature: false,
  make: (w, me, rng) => new WeakFirewall(w, me, rng),
};
