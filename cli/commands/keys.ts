// medexchain keys init|show: provision one party's keys into its data directory by hand (what `deploy
// up` does for every party of a local deployment), or print the public keys of one already there.
// The secret stays in DIR/keys.json (mode 0600); only public parts are printed (reference/service/party-keys.ts).
import { CommandUsageError, defineCommand, parseCommand } from "../command-spec.ts";
import { initKeys, KEY_ROLES, loadDeviceKeys, loadEvmIdentity, loadHospitalBKeys, loadPatientKeys, readPublicKeys, type KeyRole } from "../../reference/service/party-keys.ts";

export const command = defineCommand({
  name: "keys",
  summary: "Provision one party's keys into its own data directory (init: fresh keys from the OS CSPRNG, written once to DIR/keys.json with mode 0600, never overwritten), or show the public keys of a party already provisioned. Prints the public keys as JSON.",
  positionals: "init|show",
  options: {
    role: { type: "string", value: "ROLE", description: `the party: one of ${KEY_ROLES.join(", ")}` },
    "data-dir": { type: "string", value: "DIR", description: "the party's own directory (the one `medexchain serve` runs it with)" },
    index: { type: "string", value: "I", default: "0", description: "which committee member, patient or device" },
  },
  details: "init on a directory that already holds keys keeps them and prints their public parts (\"created\": false). show checks the key file (its public parts must be what its secret derives) and prints them. Exit 1 with E_KEY_FILE on a missing or damaged key file.",
});

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const what = positionals[0];
  if (what !== "init" && what !== "show") throw new CommandUsageError("keys", `say init or show, not ${what ?? "nothing"}`);
  const role = values.role as KeyRole | undefined;
  if (!role || !KEY_ROLES.includes(role)) throw new CommandUsageError("keys", `--role must be one of ${KEY_ROLES.join(", ")}`);
  const dir = values["data-dir"];
  if (!dir) throw new CommandUsageError("keys", "--data-dir is required");
  const index = Number(values.index);
  if (!Number.isInteger(index) || index < 0) throw new CommandUsageError("keys", `--index must be a non-negative integer, not ${values.index}`);
  if (what === "init") {
    const { created, public: pub } = initKeys(dir, role, index);
    console.log(JSON.stringify({ created, ...pub }, null, 2));
    return 0;
  }
  // show: load (and so check) the key file itself, then print what public.json says.
  if (role === "hospital-b") loadHospitalBKeys(dir);
  else if (role === "patient") loadPatientKeys(dir);
  else if (role === "device") loadDeviceKeys(dir);
  else loadEvmIdentity(dir, role);
  console.log(JSON.stringify(readPublicKeys(dir, role), null, 2));
  return 0;
}
