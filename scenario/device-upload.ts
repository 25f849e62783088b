// One upload by a device of a deployment brought up with `deploy up`, from another process: the
// device's keys from DIR/device-i, the firewall's URL and the chains from DIR/manifest.json, hospital
// A's and the firewall's identities from their public.json, and the patient the device belongs to (and
// her PRE key, which the device encrypts to) from chain A's registry. `medexchain device upload`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hexToBytes, type Hex } from "viem";
import { connectRpcChains } from "../reference/chains/rpc.ts";
import { attachDeployment, loadDeployment } from "../reference/audit/deployment-file.ts";
import { makeWorld } from "../reference/roles/world.ts";
import { Device } from "../reference/roles/device.ts";
import { registry } from "../reference/roles/chain-reads.ts";
import { decodePrePublicKey } from "../reference/crypto/index.ts";
import { FileBlobStore } from "../reference/storage/file-blob-store.ts";
import { loadDeviceKeys, readPublicKeys } from "../reference/service/party-keys.ts";
import { sendUpload } from "../reference/service/device-client.ts";
import type { UploadReceipt } from "../reference/service/hospital-a-service.ts";
import type { DeploymentManifest } from "./local-deployment.ts";

/** Upload `phr` as device `index` of the deployment in `dir`; hospital A's receipt and the device's patient. */
export async function deviceUpload(dir: string, index: number, phr: Uint8Array): Promise<UploadReceipt & { patient: string }> {
  const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as DeploymentManifest;
  const dataDirOf = (name: string) => m.services.find((s) => s.name === name)?.dataDir ?? join(dir, name);
  const firewallUrl = m.services.find((s) => s.name === "firewall")?.url;
  if (!firewallUrl) throw new Error(`the deployment in ${dir} runs no firewall service (manifest.json)`);
  const device = loadDeviceKeys(join(dir, `device-${index}`));
  const chains = await connectRpcChains(m.rpc);
  try {
    const d = await attachDeployment(chains, loadDeployment(m.deploymentFile), m.deploymentFile);
    const world = makeWorld(chains, d, new FileBlobStore(m.blobDir));
    const { owner } = await registry(world).device(device.id);
    const { preKey } = await registry(world).party(owner);
    const address = (name: string, role: "hospital-a" | "firewall") => hexToBytes(readPublicKeys(dataDirOf(name), role).address as Hex);
    const role = new Device(world, { id: hexToBytes(owner as Hex), pre: { pk: decodePrePublicKey(preKey) }, device }, address("hospital-a", "hospital-a"), address("firewall", "firewall"));
    const up1 = role.upload("cli", phr, await chains.a.now());
    return { ...(await sendUpload(firewallUrl, up1)), patient: owner };
  } finally {
    await chains.close();
  }
}
