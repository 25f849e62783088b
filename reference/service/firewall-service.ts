// The reverse firewall as a service: the device POSTs its upload (up1) to it; it runs the firewall
// role (verify the device's signature and registration, pin the blob, re-randomise the PRE
// ciphertext, countersign) and forwards up2 to hospital A's service, answering with HA's receipt.
// It keeps no state: its coins are a PRF of the device's message under a key only it holds, so a
// device retrying the same upload after a timeout produces the same up2 (and HA answers with the
// record id it gave the first copy), while the device, not knowing the key, cannot predict or steer
// the randomness it is protected by (the property the CRF exists for).
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { seededRng, type Rng } from "../crypto/index.ts";
import { Firewall } from "../roles/firewall.ts";
import type { EvmIdentity } from "../roles/parties.ts";
import type { World } from "../roles/world.ts";
import { callJson, ServiceCallError } from "./json-http.ts";
import type { UploadReceipt } from "./hospital-a-service.ts";
import { bytesToHex, type Hex } from "viem";

const COINS_INFO = new TextEncoder().encode("MedExChain/firewall-coins/v1");

const COIN_KEY_INFO = new TextEncoder().encode("MedExChain/firewall-coin-key/v1");

/**
 * The firewall role with derandomised coins: HMAC-SHA256(coin key, info ‖ up1) keys the ChaCha20
 * stream its re-randomisation draws from; the coin key is HMAC-SHA256(its signing key, info), so it
 * lives where that key lives (its data directory) and nowhere else.
 */
export class ServiceFirewall extends Firewall {
  private readonly coinKey: Uint8Array;

  constructor(world: World, me: EvmIdentity) {
    super(world, me);
    this.coinKey = hmac(sha256, me.eth.sk, COIN_KEY_INFO);
  }

  protected override coinsFor(up1: Uint8Array): Rng {
    const msg = new Uint8Array(COINS_INFO.length + up1.length);
    msg.set(COINS_INFO);
    msg.set(up1, COINS_INFO.length);
    return seededRng(hmac(sha256, this.coinKey, msg));
  }
}

export class FirewallService {
  private uploads = 0;
  forwarded = 0;
  rejected = 0;

  constructor(
    private readonly firewall: Firewall,
    private readonly hospitalAUrl: string,
  ) {}

  /** Filter `up1` and hand up2 to hospital A; HA's receipt. A refusal by HA comes back as HA's error. */
  async receive(up1: Uint8Array): Promise<UploadReceipt> {
    const run = `fw-${this.uploads++}`;
    let up2: Uint8Array;
    try {
      up2 = await this.firewall.filter(run, up1);
    } catch (e) {
      this.rejected += 1;
      throw e;
    } finally {
      this.firewall.endRun(run);
    }
    const receipt = await callJson<UploadReceipt>(this.hospitalAUrl, "/upload", { up2: bytesToHex(up2) satisfies Hex }).catch((e: unknown) => {
      if (e instanceof ServiceCallError && e.status === 400) this.rejected += 1;
      throw e;
    });
    this.forwarded += 1;
    return receipt;
  }
}
