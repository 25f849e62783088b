// What every role shares in one deployment: the specs, the chains and their contracts, the blob
// store, the parties' public registrations and the trace. Roles keep their secrets to themselves.
import type { ProtocolSpec } from "../../protocol/language.ts";
import { share, upload } from "../../protocol/specs/medexchain.ts";
import type { ChainSet } from "../chains/adapter.ts";
import type { MedExChainDeployment } from "../chains/deploy.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import { TraceRecorder } from "../trace/events.ts";
import { Binding } from "../wire/binding.ts";
import { Endpoint, type FaultSwitches } from "./endpoint.ts";
import { sizeOf } from "../semantics/sizes.ts";
import { u64 } from "../semantics/scalars.ts";
import { atomOf } from "../semantics/spec-terms.ts";
import { hexToBytes } from "viem";

/** Test-only misbehaviour, so conformance, the auditor and the attack gallery can show they catch it. */
export interface Faults extends FaultSwitches {
  /** HB reuses this nonce instead of drawing a fresh one. */
  readonly fixedNonce?: Uint8Array;
  /** Fields a sender omits-by-zeroing: label → field names whose bytes are replaced by zeros. */
  readonly zeroFields?: Readonly<Record<string, readonly string[]>>;
}

export interface World {
  readonly specs: { readonly upload: ProtocolSpec; readonly share: ProtocolSpec };
  readonly chains: ChainSet;
  readonly deployment: MedExChainDeployment;
  readonly store: BlobStore;
  readonly trace: TraceRecorder;
  readonly faults: Faults;
}

/** A new world over deployed chains. */
export function makeWorld(
  chains: ChainSet,
  deployment: MedExChainDeployment,
  store: BlobStore,
  opts: { trace?: TraceRecorder; faults?: Faults; share?: ProtocolSpec } = {},
): World {
  // `share` swaps in a variant (the pre-fix grant, for the attack gallery); the roles follow its terms.
  return { specs: { upload, share: opts.share ?? share }, chains, deployment, store, trace: opts.trace ?? new TraceRecorder(), faults: opts.faults ?? {} };
}

/** A role's per-run state: its endpoint onto the spec and the values it has bound in that run. */
export class RoleRuns {
  private readonly runs = new Map<string, { endpoint: Endpoint; binding: Binding }>();

  constructor(
    protected readonly world: World,
    readonly role: string,
    readonly agent: string,
  ) {}

  /** The share spec this role runs (the shipped one, or a variant the world was made with). */
  get shareSpec(): ProtocolSpec {
    return this.world.specs.share;
  }

  /** The endpoint and binding of run `run` of protocol `spec` (created on first use, with the chain ids bound). */
  protected run(spec: ProtocolSpec, run: string): { endpoint: Endpoint; binding: Binding } {
    const key = `${spec.name}/${run}`;
    let r = this.runs.get(key);
    if (!r) {
      const binding = new Binding();
      for (const [name, chain] of [["chainA", this.world.chains.a], ["chainB", this.world.chains.b]] as const)
        if (spec.atoms.some((a) => a.name === name)) binding.set(atomOf(spec, name), u64(chain.profile.chainId));
      // The relay committee's protocol identity is its log contract on the relay chain.
      if (spec.roles.some((x) => x.name === "R")) binding.set({ kind: "agent", role: "R" }, hexToBytes(this.world.deployment.relay.relayLog.address));
      r = { endpoint: new Endpoint(spec, this.role, this.agent, run, this.world.trace, sizeOf, this.world.faults), binding };
      this.runs.set(key, r);
      // Claims the spec places before the role's first message (a Running signal, say).
      r.endpoint.claimsAfter(undefined);
    }
    return r;
  }

  /** Drop run `run` of every protocol: a long-running party forgets a finished run, so its memory does not grow with runs. */
  endRun(run: string): void {
    for (const key of [...this.runs.keys()]) if (key.endsWith(`/${run}`)) this.runs.delete(key);
  }

  /** Apply the zero-field fault to outgoing values (test-only; never set in production). */
  protected faulty(label: string, values: Readonly<Record<string, Uint8Array>>): Record<string, Uint8Array> {
    const zero = this.world.faults.zeroFields?.[label] ?? [];
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, zero.includes(k) ? new Uint8Array(v.length) : v]));
  }
}
