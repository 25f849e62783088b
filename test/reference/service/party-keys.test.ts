// A party's keys provisioned into its own data directory: written once (0600), never overwritten,
// loaded back to the same keys, and any damage, mix-up or absence is a typed error naming the file.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bytesToHex } from "viem";
import { initKeys, KEY_FILE, KEY_ROLES, KeyFileError, loadDeviceKeys, loadEvmIdentity, loadHospitalBKeys, loadPatientKeys, readPublicKeys } from "../../../reference/service/party-keys.ts";
import { serve } from "../../../reference/service/serve-main.ts";
import { encodePrePublicKey } from "../../../reference/crypto/index.ts";

const root = mkdtempSync(join(tmpdir(), "medex-keys-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `d${n++}`);

describe("keys provisioned per data directory", () => {
  it("writes keys.json with mode 0600 and exports only public parts", () => {
    for (const role of KEY_ROLES) {
      const dir = fresh();
      const { created, public: pub } = initKeys(dir, role, 2);
      expect(created).toBe(true);
      expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(pub).toMatchObject({ role, index: 2 });
      expect(readPublicKeys(dir, role)).toEqual(pub);
      expect(JSON.stringify(pub)).not.toContain(JSON.parse(readFileSync(join(dir, KEY_FILE), "utf8")).secret.slice(2));
    }
  });

  it("never overwrites keys that are there, and loads the same keys back", () => {
    const dir = fresh();
    const first = initKeys(dir, "patient");
    const again = initKeys(dir, "patient");
    expect(again).toEqual({ created: false, public: first.public });
    const p = loadPatientKeys(dir);
    expect(p.account.address).toBe(first.public.address);
    expect(bytesToHex(encodePrePublicKey(p.pre.pk))).toBe(first.public.pre);
    const hb = fresh();
    const hbPub = initKeys(hb, "hospital-b").public;
    expect(bytesToHex(loadHospitalBKeys(hb).id)).toBe(hbPub.ed25519);
    const dev = fresh();
    initKeys(dev, "device");
    expect(bytesToHex(loadDeviceKeys(dev).id)).toBe(readPublicKeys(dev, "device").deviceId);
  });

  it("draws a different secret for every party (CSPRNG)", () => {
    const a = initKeys(fresh(), "member").public.address;
    const b = initKeys(fresh(), "member").public.address;
    expect(a).not.toBe(b);
  });

  it("refuses a missing, damaged, edited or other party's key file with E_KEY_FILE naming the file", () => {
    const empty = fresh();
    expect(() => loadEvmIdentity(empty, "firewall")).toThrow(KeyFileError);
    expect(() => loadEvmIdentity(empty, "firewall")).toThrow(/keys\.json does not exist/);
    const e = (() => {
      try {
        loadEvmIdentity(empty, "member");
      } catch (x) {
        return x;
      }
    })();
    expect(e).toMatchObject({ code: "E_KEY_FILE" });
    expect((e as KeyFileError).remedy).toMatch(/medexchain keys init --role member --data-dir .* --index I/);
    const dir = fresh();
    initKeys(dir, "hospital-a");
    expect(() => loadEvmIdentity(dir, "firewall")).toThrow(/holds the keys of a hospital-a/);
    const file = join(dir, KEY_FILE);
    const good = readFileSync(file, "utf8");
    const content = JSON.parse(good) as { public: { address: string }; secret: string };
    writeFileSync(file, JSON.stringify({ ...content, public: { ...content.public, address: "0x0000000000000000000000000000000000000001" } }));
    expect(() => loadEvmIdentity(dir, "hospital-a")).toThrow(/does not derive/);
    writeFileSync(file, JSON.stringify({ ...content, secret: "0x12" }));
    expect(() => loadEvmIdentity(dir, "hospital-a")).toThrow(/no 32-byte secret/);
    writeFileSync(file, good.slice(0, 40));
    expect(() => loadEvmIdentity(dir, "hospital-a")).toThrow(/not valid JSON/);
    writeFileSync(file, good);
    expect(loadEvmIdentity(dir, "hospital-a").account.address).toBe(content.public.address);
  });

  it("a service started on a data directory without keys fails with the typed error", async () => {
    await expect(serve("member", ["--data-dir", fresh(), "--index", "0"])).rejects.toMatchObject({ code: "E_KEY_FILE" });
    const chainArgs = ["--rpc-a", "http://127.0.0.1:1", "--rpc-b", "http://127.0.0.1:1", "--rpc-relay", "http://127.0.0.1:1", "--deployment", join(root, "none.json")];
    for (const role of ["firewall", "hospital-a", "hospital-b", "patient", "relay"]) await expect(serve(role, [...chainArgs, "--data-dir", fresh()])).rejects.toBeInstanceOf(KeyFileError);
  });
});
