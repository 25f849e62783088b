// Issue 15's consent attacks on the grant: a delegatee reading records it was not granted (another
// one, a refused one, a later one) from public chain data and its own keys, a past delegatee
// re-encrypting on its own, and a hospital relabelling another record's ciphertext to get it granted.
// Each runs twice: on the pre-fix construction (one re-encryption key per patient and requester,
// the spec variant MedExChainSharePrefix), where the attack must succeed, and on the record-bound
// grant, where it must be rejected or come to nothing, with the party named.
import { hexToBytes, type Hex } from "viem";
import type { ProtocolSpec } from "../../protocol/language.ts";
import { share, sharePrefix } from "../../protocol/specs/medexchain.ts";
import {
  decodeFirstLevelCiphertext,
  decodeGrantToken,
  decodeReKey,
  decodeSecondLevelCiphertext,
  encodeSecondLevelCiphertext,
  GRANT_TOKEN_BYTES,
  gtDiv,
  gtMul,
  gtPow,
  invertScalar,
  openBlob,
  pairing,
  g1,
  preDecrypt1,
  preDecryptWithCapability,
  preExtractCapability,
  preReEncrypt,
  preReEncryptRecord,
  rerandomise,
  seededRng,
  type Gt,
  type PreSecretKey,
} from "../../reference/crypto/index.ts";
import { recomputeReEncryption } from "../../reference/committee/reencryption-check.ts";
import { decodeDeliveryMessage } from "../../reference/chains/messages.ts";
import { anchoredContext, blobAd, blobKey, type BlobContext } from "../../reference/roles/record-context.ts";
import { cidFromBytes } from "../../reference/storage/cid.ts";
import { CheckFailed } from "../../reference/semantics/violations.ts";
import { onFreshChains, type AttackWorld } from "../../scenario/fresh-deployment.ts";
import { access, anchorRecord, carryRequest, fileRequest, phrFor, runsOf } from "../../scenario/share-steps.ts";
import { attempt, describe, failedCheck, typedError, type Evidence, type Scenario } from "./scenario.ts";
import { ExchangeBAbi, PhrIndexAAbi } from "../../reference/contracts/build/abi.ts";
import { eventArgs } from "../../reference/chains/typed-events.ts";

type Construction = { name: "pre-fix"; spec: ProtocolSpec } | { name: "record-bound"; spec: ProtocolSpec };
const CONSTRUCTIONS: readonly Construction[] = [
  { name: "pre-fix", spec: sharePrefix },
  { name: "record-bound", spec: share },
];

/** A record as anyone reads it on chain A and in public storage: its ciphertext, its blob and the blob's context. */
async function publicRecord(w: AttackWorld, recordId: Hex): Promise<{ ct: Uint8Array; blob: Uint8Array; ctx: BlobContext }> {
  const [ev] = await w.dep.world.deployment.a.phrIndex.eventsOf("RecordAnchored", { args: { recordId } });
  if (!ev) throw new Error(`record ${recordId} is not anchored`);
  const a = eventArgs(PhrIndexAAbi, "RecordAnchored", ev);
  return { ct: hexToBytes(a.preCiphertext), blob: await w.store.get(cidFromBytes(hexToBytes(a.cid)).toString()), ctx: anchoredContext(a) };
}

/** The grant chain A published for a request. */
async function publishedGrant(w: AttackWorld, requestId: Hex): Promise<Uint8Array> {
  const [g] = await w.dep.world.deployment.a.phrIndex.eventsOf("Granted", { args: { requestId } });
  if (!g) throw new Error(`request ${requestId} has no grant`);
  return hexToBytes(eventArgs(PhrIndexAAbi, "Granted", g).reKey);
}

/**
 * Every way a delegatee with its own PRE secret key and one grant tries to get the data key of
 * ciphertext `ct`: the key-extraction trick (grant^(1/b2) used as the owner's capability), the
 * record capability κ = d·e(g1, u)^(1/b2) the token hands out, and re-encrypting `ct` itself.
 */
export function candidateKeys(grant: Uint8Array, skHB: PreSecretKey, ct: Uint8Array): Gt[] {
  const c = decodeSecondLevelCiphertext(ct);
  if (grant.length !== GRANT_TOKEN_BYTES) {
    const rk = decodeReKey(grant);
    return [preDecryptWithCapability(preExtractCapability(rk, skHB), c), preDecrypt1(skHB, preReEncrypt(rk, c))];
  }
  const { grant: g } = decodeGrantToken(grant);
  const kappa = gtMul(g.d, gtPow(pairing(g1, g.u), invertScalar(skHB.a2)));
  return [preDecryptWithCapability(preExtractCapability({ rk: g.u }, skHB), c), gtDiv(c.c2, kappa), preDecrypt1(skHB, preReEncryptRecord(g, c))];
}

/** Whether any candidate key opens the blob under its record context (the AEAD authenticates: a wrong key or context never opens it). */
export function opens(keys: readonly Gt[], blob: Uint8Array, ctx: BlobContext): boolean {
  return keys.some((m) => {
    try {
      openBlob(blobKey(m, ctx), blob, blobAd(ctx));
      return true;
    } catch {
      return false;
    }
  });
}

/** Anchor record n and share it with HB in full (grant, delivery, access); returns the ids. */
async function grantedShare(w: AttackWorld, n: string): Promise<{ recordId: Hex; requestId: Hex }> {
  const { dep } = w;
  const recordId = await anchorRecord(dep, n);
  const r = await fileRequest(dep, n);
  await carryRequest(dep, n, r.txHash);
  await dep.patients[0]!.grant(runsOf(n).sh);
  const delivery = await dep.relay.reEncryptAndDeliver(runsOf(n).sh);
  await access(dep, n, delivery);
  return { recordId, requestId: r.requestId };
}

/** Anchor record n, have HB request it and the patient refuse it on chain A. */
async function refusedRecord(w: AttackWorld, n: string): Promise<Hex> {
  const { dep } = w;
  const recordId = await anchorRecord(dep, n);
  const r = await fileRequest(dep, n);
  const notice = await dep.relay.carryRequest(runsOf(n).sh, r.txHash);
  await dep.patients[0]!.receiveRequest(runsOf(n).sh, notice, () => false).catch((e: unknown) => {
    if (!(e instanceof CheckFailed && e.checkId === "rq2.consent")) throw e;
  });
  await dep.patients[0]!.refuse(runsOf(n).sh);
  return recordId;
}

/** One cross-record reading attack on one construction: does HB open `target`'s blob with the grant of record 1? */
async function crossRecordRead(c: Construction, target: "other" | "refused" | "later", ev: Evidence): Promise<void> {
  await onFreshChains(
    `record-binding/${target}/${c.name}`,
    async (w) => {
      let targetId: Hex;
      let first: { recordId: Hex; requestId: Hex };
      if (target === "later") {
        first = await grantedShare(w, "1");
        targetId = await anchorRecord(w.dep, "2");
      } else {
        targetId = target === "refused" ? await refusedRecord(w, "2") : await anchorRecord(w.dep, "2");
        first = await grantedShare(w, "1");
      }
      const grant = await publishedGrant(w, first.requestId);
      const rec = await publicRecord(w, targetId);
      const read = opens(candidateKeys(grant, w.dep.parties.hb.pre.sk, rec.ct), rec.blob, rec.ctx);
      if (c.name === "pre-fix") ev.check(read, `pre-fix: HB opens the ${target} record ${targetId.slice(0, 10)}… with the published grant of record ${first.recordId.slice(0, 10)}… and its own key (attack succeeds)`);
      else ev.check(!read, `record-bound: HB's grant of record ${first.recordId.slice(0, 10)}… opens nothing of the ${target} record (extraction, κ and self re-encryption all yield a key the blob's AEAD rejects)`);
    },
    { share: c.spec },
  );
}

function crossRecordScenario(name: string, target: "other" | "refused" | "later", what: string): Scenario {
  return {
    name,
    expected: `pre-fix: HB, holding a past grant of record 1, its own keys and public chain data, opens ${what}; record-bound: it opens nothing (the AEAD rejects every key it can derive)`,
    party: "HB (past delegatee)",
    run: async (ev) => {
      for (const c of CONSTRUCTIONS) await crossRecordRead(c, target, ev);
    },
  };
}

export const nonGrantedRecordRead = crossRecordScenario("grant opens a non-granted record", "other", "another record of the patient it never requested");
export const refusedRecordRead = crossRecordScenario("grant opens a refused record", "refused", "a record the patient refused it on chain A");
export const laterRecordRead = crossRecordScenario("grant opens a later record", "later", "a record anchored after the grant");

export const delegateeReEncrypts: Scenario = {
  name: "past delegatee re-encrypts on its own",
  expected:
    "pre-fix: HB re-encrypts another record's anchored ciphertext with its published re-key and decrypts it; record-bound: its token re-encrypts that ciphertext to garbage, and the committee's recomputation refuses it (E_GRANT_CIPHERTEXT: the token names another ciphertext)",
  party: "HB (past delegatee)",
  run: async (ev) => {
    for (const c of CONSTRUCTIONS)
      await onFreshChains(
        `record-binding/self-reencrypt/${c.name}`,
        async (w) => {
          const other = await anchorRecord(w.dep, "2");
          const first = await grantedShare(w, "1");
          const grant = await publishedGrant(w, first.requestId);
          const rec = await publicRecord(w, other);
          const sk = w.dep.parties.hb.pre.sk;
          const ct = decodeSecondLevelCiphertext(rec.ct);
          const m = c.name === "pre-fix" ? preDecrypt1(sk, preReEncrypt(decodeReKey(grant), ct)) : preDecrypt1(sk, preReEncryptRecord(decodeGrantToken(grant).grant, ct));
          const read = opens([m], rec.blob, rec.ctx);
          if (c.name === "pre-fix") ev.check(read, `pre-fix: HB's own re-encryption of record ${other.slice(0, 10)}… under the re-key of record ${first.recordId.slice(0, 10)}… decrypts and opens its blob (attack succeeds)`);
          else {
            ev.check(!read, `record-bound: HB's own re-encryption of record ${other.slice(0, 10)}… under record ${first.recordId.slice(0, 10)}…'s token decrypts to a key the blob's AEAD rejects`);
            const asked = await attempt(async () => recomputeReEncryption(grant, rec.ct));
            ev.check(typedError(asked, "E_GRANT_CIPHERTEXT"), `a committee member asked to re-encrypt it: ${describe(asked)}`);
          }
        },
        { share: c.spec },
      );
  },
};

export const ciphertextRelabelling: Scenario = {
  name: "ciphertext relabelling",
  expected:
    "HA anchors a new record carrying record 1's ciphertext (re-randomised, so its hash is new) and HB requests it. pre-fix: the patient grants it and HB opens record 1's blob; record-bound: the patient rejects the record at an1.unique (its data key is record 1's), naming HA, and grants nothing",
  party: "HA (anchoring hospital) / HB",
  run: async (ev) => {
    for (const c of CONSTRUCTIONS)
      await onFreshChains(
        `record-binding/relabel/${c.name}`,
        async (w) => {
          const { dep } = w;
          const original = await anchorRecord(dep, "1");
          const rec1 = await publicRecord(w, original);
          // A second honest upload, anchored by HA with record 1's ciphertext in place of its own.
          const { up, sh } = runsOf("2");
          const up1 = dep.devices[0]!.upload(up, phrFor("2"), await w.chains.a.now());
          const accepted = await dep.ha.acceptUpload(up, await dep.firewall.filter(up, up1));
          const copied = encodeSecondLevelCiphertext(rerandomise(decodeSecondLevelCiphertext(rec1.ct), dep.parties.patients[0]!.pre.pk, seededRng("relabel")));
          const { recordId: relabelled } = await dep.ha.anchor(sh, { ...accepted, ciphertext: copied });
          const observed = await attempt(dep.patients[0]!.observeRecord(sh, relabelled));
          if (c.name === "record-bound") {
            ev.check(failedCheck(observed, "an1.unique"), `the patient reads record ${relabelled.slice(0, 10)}…: ${describe(observed)}${observed.kind === "check" && observed.detail.includes(dep.parties.ha.account.address) ? " (names HA)" : ""}`);
            return;
          }
          ev.check(observed.kind === "accepted", `pre-fix: the patient reads the relabelled record: ${describe(observed)}`);
          const r = await fileRequest(dep, "2");
          await carryRequest(dep, "2", r.txHash);
          await dep.patients[0]!.grant(sh);
          const delivery = await dep.relay.reEncryptAndDeliver(sh);
          const [d] = await dep.world.deployment.b.exchange.eventsOf("Delivered", { args: { requestId: delivery.requestId } });
          if (!d) throw new Error(`request ${delivery.requestId} has no Delivered event on chain B`);
          const reCt = decodeDeliveryMessage(eventArgs(ExchangeBAbi, "Delivered", d).delivery).reCiphertext;
          const m = preDecrypt1(dep.parties.hb.pre.sk, decodeFirstLevelCiphertext(hexToBytes(reCt)));
          ev.check(opens([m], rec1.blob, rec1.ctx), `pre-fix: the patient granted the relabelled record and HB opens record ${original.slice(0, 10)}…'s blob with the delivered key (attack succeeds)`);
        },
        { share: c.spec },
      );
  },
};

export const recordReAnchored: Scenario = {
  name: "record re-anchored under a new label",
  expected:
    "HA anchors record 1's upload again — same blob, CID and ciphertext — under another device timestamp, so chain A derives a new record id, and HB requests the copy. record-bound: the patient rejects it at an1.unique, naming HA; pre-fix (no uniqueness check): the patient grants it, but hospital B cannot open the blob as the new record (fe1.aead: the data key and the AEAD's associated data bind record 1's device timestamp), so record 1's data is never accepted under the copy's label",
  party: "HA (anchoring hospital)",
  run: async (ev) => {
    for (const c of CONSTRUCTIONS)
      await onFreshChains(
        `record-binding/re-anchor/${c.name}`,
        async (w) => {
          const { dep } = w;
          const { up, sh } = runsOf("1");
          const up1 = dep.devices[0]!.upload(up, phrFor("1"), (await w.chains.a.now()) - 1n);
          const accepted = await dep.ha.acceptUpload(up, await dep.firewall.filter(up, up1));
          const { recordId: original } = await dep.ha.anchor(sh, accepted);
          await dep.patients[0]!.observeRecord(sh, original);
          // The copy: record 1's exact upload, relabelled with a later device timestamp.
          const copySh = runsOf("2").sh;
          const { recordId: copy } = await dep.ha.anchor(copySh, { ...accepted, timestamp: accepted.timestamp + 1n });
          ev.check(copy.toLowerCase() !== original.toLowerCase(), `chain A derived a new id ${copy.slice(0, 10)}… for the copy of ${original.slice(0, 10)}…`);
          const observed = await attempt(dep.patients[0]!.observeRecord(copySh, copy));
          if (c.name === "record-bound") {
            ev.check(failedCheck(observed, "an1.unique"), `the patient reads the copy: ${describe(observed)}${observed.kind === "check" && observed.detail.includes(dep.parties.ha.account.address) ? " (names HA)" : ""}`);
            return;
          }
          ev.check(observed.kind === "accepted", `pre-fix: the patient reads the copy: ${describe(observed)}`);
          const r = await fileRequest(dep, "2");
          await carryRequest(dep, "2", r.txHash);
          await dep.patients[0]!.grant(copySh);
          const delivery = await dep.relay.reEncryptAndDeliver(copySh);
          await dep.hb.receiveDelivery(copySh, delivery);
          const fetched = await attempt(dep.hb.fetchRecord(copySh));
          ev.check(failedCheck(fetched, "fe1.aead"), `pre-fix: hospital B opens the copy's blob under the copy's record context: ${describe(fetched)} (record 1's data is not accepted as the copy; HA anchored it)`);
        },
        { share: c.spec },
      );
  },
};

export const RECORD_BINDING_SCENARIOS: readonly Scenario[] = [nonGrantedRecordRead, refusedRecordRead, laterRecordRead, delegateeReEncrypts, ciphertextRelabelling, recordReAnchored];
