// The implementation facts the checker reads rather than restates: the wire sizes the roles register
// with their Endpoints, and how the roles compute each signature and one-way function of a term
// (reference/semantics/signing.ts and functions.ts), so the checker re-derives what the handlers checked.
import type { Term } from "../protocol/terms.ts";
import { decodeDevicePublicKey, decodeDeviceSignature, deviceVerify, edVerify, ethAddressFromPublicKey, ethRecover, keccak256 } from "../reference/crypto/index.ts";
import { FUNCTIONS } from "../reference/semantics/functions.ts";
import { sizeOf } from "../reference/semantics/sizes.ts";
import { Binding, payloadOf } from "../reference/wire/binding.ts";
import type { SizeOf } from "../reference/wire/codec.ts";
import type { Leaf, TermSemantics } from "./semantics.ts";
import { bytesToHex } from "@noble/hashes/utils.js";

export interface ImplementationFacts {
  readonly sizeOf: SizeOf;
  readonly semantics: TermSemantics;
}

/** A binding that answers from the checker's view of a run, so the roles' own function table can be evaluated on it. */
class LeafBinding extends Binding {
  constructor(private readonly leaf: Leaf) {
    super();
  }
  override get(t: Term): Uint8Array {
    return this.leaf(t);
  }
}

/** The 20-byte address a registered chain-A key stands for (registered as an address or a public key). */
function addressOf(key: Uint8Array): string {
  return key.length === 20 ? `0x${bytesToHex(key)}` : ethAddressFromPublicKey(key);
}

/** Run a verification that signals malformed input by throwing: malformed is simply "does not verify". */
function verifies(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

/** The reference implementation's term cryptography. */
export const implementationSemantics: TermSemantics = {
  verifySignature(term, sig, pk, leaf) {
    switch (term.key.scheme) {
      case "ed25519B": {
        const msg = payloadOf(term, leaf);
        return verifies(() => edVerify(pk, msg, sig));
      }
      case "ecdsaA": {
        const digest = keccak256(payloadOf(term, leaf));
        return verifies(() => ethRecover(digest, sig).toLowerCase() === addressOf(pk).toLowerCase());
      }
      case "blsD": {
        const msg = payloadOf(term, leaf);
        return verifies(() => deviceVerify(decodeDevicePublicKey(pk), msg, decodeDeviceSignature(sig)));
      }
      default:
        // committee: the members sign the relay digest, computed by the contracts over chain state
        // (contracts, audit entries) that no protocol message carries; the receivers check it on chain.
        return undefined;
    }
  },
  hashValue(term, leaf) {
    const f = FUNCTIONS[term.fn]?.eval;
    return f ? f(term, new LeafBinding(leaf)) : undefined;
  },
  // Constants (chain ids) belong to a deployment: the trace records them as constant events.
  constantValue: () => undefined,
};

/** The reference implementation's facts, as the roles use them. */
export function implementation(): ImplementationFacts {
  return { sizeOf, semantics: implementationSemantics };
}
