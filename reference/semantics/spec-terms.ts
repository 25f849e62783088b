// Where role code names spec terms: by atom name or by a message's wire field, never by re-stating
// the term, so a change to the spec reaches the roles (or breaks them loudly).
import type { ProtocolSpec } from "../../protocol/language.ts";
import type { Atom, Term } from "../../protocol/terms.ts";
import { wireFields } from "../wire/fields.ts";
import { messageOf } from "../wire/codec.ts";
import { ProtocolViolation } from "./violations.ts";

/** The declared atom `name` of a spec. */
export function atomOf(spec: ProtocolSpec, name: string): Atom {
  const a = spec.atoms.find((x) => x.name === name);
  if (!a) throw new ProtocolViolation("E_UNKNOWN_TERM", `protocol ${spec.name} declares no value "${name}"`);
  return a;
}

/** The term carried by wire field `field` of message `label`. */
export function fieldTerm(spec: ProtocolSpec, label: string, field: string): Term {
  const f = wireFields(messageOf(spec, label)).find((x) => x.name === field);
  if (!f) throw new ProtocolViolation("E_UNKNOWN_FIELD", `message ${label} of ${spec.name} has no field "${field}" (fields: ${wireFields(messageOf(spec, label)).map((x) => x.name).join(", ")})`);
  return f.term;
}


/** The agent term of a role. */
export function agentOf(role: string): Term {
  return { kind: "agent", role };
}
