// A reader for the subset of Scyther's input language the generator writes. It lets the tests and the
// verify script check, without Scyther, that a model parses and says what the spec says: the same
// roles, the same events in the same order, the same claims, and no undeclared names.
import { MedExChainError } from "../protocol/errors.ts";

export type SpdlTerm =
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "apply"; readonly fn: string; readonly args: readonly SpdlTerm[] }
  | { readonly kind: "enc"; readonly body: readonly SpdlTerm[]; readonly key: SpdlTerm }
  | { readonly kind: "tuple"; readonly items: readonly SpdlTerm[] };

export type SpdlEvent =
  | { readonly kind: "send" | "recv"; readonly label: string; readonly from: string; readonly to: string; readonly message: readonly SpdlTerm[] }
  | { readonly kind: "claim"; readonly label: string; readonly role: string; readonly type: string; readonly params: readonly SpdlTerm[] }
  | { readonly kind: "match"; readonly negated: boolean; readonly pattern: SpdlTerm; readonly term: SpdlTerm };

export interface SpdlRole {
  readonly name: string;
  readonly fresh: readonly { name: string; type: string }[];
  readonly vars: readonly { name: string; type: string }[];
  readonly events: readonly SpdlEvent[];
}

export interface SpdlProtocol {
  readonly name: string;
  readonly helper: boolean;
  readonly roleNames: readonly string[];
  readonly roles: readonly SpdlRole[];
}

export interface SpdlFile {
  readonly userTypes: readonly string[];
  readonly functions: readonly string[];
  readonly constants: readonly { name: string; type: string; secret: boolean }[];
  readonly inverseKeyFunctions: readonly [string, string][];
  readonly untrusted: readonly string[];
  readonly compromised: readonly SpdlTerm[];
  readonly protocols: readonly SpdlProtocol[];
}

export class SpdlParseError extends MedExChainError {
  constructor(
    readonly line: number,
    readonly column: number,
    detail: string,
  ) {
    super("E_SPDL_PARSE", `model does not parse at ${line}:${column}: ${detail}`, "regenerate it with `npx medexchain generate`; if it persists, fix generators/spdl*.ts");
  }
}

interface Token {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const EVENT = /^(send|recv|claim)_(!?[A-Za-z0-9]+)/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const advance = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (src[i] === "\n") {
        line++;
        col = 1;
      } else col++;
      i++;
    }
  };
  while (i < src.length) {
    const rest = src.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      advance(ws[0].length);
      continue;
    }
    if (rest.startsWith("//")) {
      advance(rest.indexOf("\n") < 0 ? rest.length : rest.indexOf("\n"));
      continue;
    }
    if (rest.startsWith("/*")) {
      const end = rest.indexOf("*/");
      if (end < 0) throw new SpdlParseError(line, col, "unterminated comment");
      advance(end + 2);
      continue;
    }
    const ev = EVENT.exec(rest);
    const id = ev ?? /^@?[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const tok = id ? id[0] : /^[(){},;:]/.exec(rest)?.[0];
    if (!tok) throw new SpdlParseError(line, col, `unexpected character ${JSON.stringify(rest[0])}`);
    out.push({ text: tok, line, column: col });
    advance(tok.length);
  }
  return out;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private fail(detail: string): never {
    const t = this.peek() ?? this.tokens[this.tokens.length - 1] ?? { line: 1, column: 1, text: "" };
    throw new SpdlParseError(t.line, t.column, detail);
  }
  private next(): Token {
    const t = this.peek();
    if (!t) this.fail("unexpected end of file");
    this.pos++;
    return t!;
  }
  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text) {
      this.pos--;
      this.fail(`expected "${text}", found "${t.text}"`);
    }
  }
  private accept(text: string): boolean {
    if (this.peek()?.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }
  private ident(): string {
    const t = this.next();
    if (!/^@?[A-Za-z_][A-Za-z0-9_]*$/.test(t.text)) {
      this.pos--;
      this.fail(`expected a name, found "${t.text}"`);
    }
    return t.text;
  }
  private idList(): string[] {
    const ids = [this.ident()];
    while (this.accept(",")) ids.push(this.ident());
    return ids;
  }

  term(): SpdlTerm {
    if (this.accept("{")) {
      const body = this.termList("}");
      return { kind: "enc", body, key: this.term() };
    }
    if (this.accept("(")) return { kind: "tuple", items: this.termList(")") };
    const name = this.ident();
    if (this.accept("(")) return { kind: "apply", fn: name, args: this.termList(")") };
    return { kind: "name", name };
  }

  private termList(close: string): SpdlTerm[] {
    const items = [this.term()];
    while (this.accept(",")) items.push(this.term());
    this.expect(close);
    return items;
  }

  file(): SpdlFile {
    const f = { userTypes: [] as string[], functions: [] as string[], constants: [] as SpdlFile["constants"][number][], inverseKeyFunctions: [] as [string, string][], untrusted: [] as string[], compromised: [] as SpdlTerm[], protocols: [] as SpdlProtocol[] };
    while (this.peek()) {
      const kw = this.next().text;
      if (kw === "usertype") f.userTypes.push(...this.idList());
      else if (kw === "hashfunction") f.functions.push(...this.idList());
      else if (kw === "const" || kw === "secret") {
        const ids = this.idList();
        this.expect(":");
        const type = this.ident();
        for (const name of ids) f.constants.push({ name, type, secret: kw === "secret" });
      } else if (kw === "inversekeyfunctions") {
        this.expect("(");
        const a = this.ident();
        this.expect(",");
        const b = this.ident();
        this.expect(")");
        f.inverseKeyFunctions.push([a, b]);
      } else if (kw === "untrusted") f.untrusted.push(...this.idList());
      else if (kw === "compromised") {
        f.compromised.push(this.term());
        while (this.accept(",")) f.compromised.push(this.term());
      } else if (kw === "protocol") {
        f.protocols.push(this.protocol());
        continue;
      } else {
        this.pos--;
        this.fail(`unexpected "${kw}" at top level`);
      }
      this.expect(";");
    }
    return f;
  }

  private protocol(): SpdlProtocol {
    const name = this.ident();
    this.expect("(");
    const roleNames = this.idList();
    this.expect(")");
    this.expect("{");
    const roles: SpdlRole[] = [];
    while (!this.accept("}")) {
      this.expect("role");
      roles.push(this.role());
    }
    return { name, helper: name.startsWith("@"), roleNames, roles };
  }

  private role(): SpdlRole {
    const name = this.ident();
    this.expect("{");
    const fresh: { name: string; type: string }[] = [];
    const vars: { name: string; type: string }[] = [];
    const events: SpdlEvent[] = [];
    while (!this.accept("}")) {
      const t = this.next().text;
      if (t === "fresh" || t === "var") {
        const ids = this.idList();
        this.expect(":");
        const type = this.ident();
        for (const id of ids) (t === "fresh" ? fresh : vars).push({ name: id, type });
      } else if (t === "match" || t === "not") {
        const negated = t === "not";
        if (negated) this.expect("match");
        this.expect("(");
        const pattern = this.term();
        this.expect(",");
        const term = this.term();
        this.expect(")");
        events.push({ kind: "match", negated, pattern, term });
      } else {
        const ev = EVENT.exec(t);
        if (!ev || ev[0] !== t) {
          this.pos--;
          this.fail(`expected a declaration or an event in role ${name}, found "${t}"`);
        }
        const kind = ev![1] as "send" | "recv" | "claim";
        this.expect("(");
        if (kind === "claim") {
          const role = this.ident();
          this.expect(",");
          const type = this.ident();
          const params: SpdlTerm[] = [];
          while (this.accept(",")) params.push(this.term());
          this.expect(")");
          events.push({ kind, label: ev![2]!, role, type, params });
        } else {
          const from = this.ident();
          this.expect(",");
          const to = this.ident();
          this.expect(",");
          events.push({ kind, label: ev![2]!, from, to, message: this.termList(")") });
        }
      }
      this.expect(";");
    }
    return { name, fresh, vars, events };
  }
}

/** Parse a model; throws SpdlParseError with the position of the first problem. */
export function parseSpdl(src: string): SpdlFile {
  return new Parser(tokenize(src)).file();
}

const BUILTIN_NAMES = new Set(["pk", "sk", "k", "Eve", "Agent", "Nonce", "Ticket", "Function", "SessionKey", "Data"]);

function names(t: SpdlTerm, out: string[] = []): string[] {
  switch (t.kind) {
    case "name":
      out.push(t.name);
      break;
    case "apply":
      out.push(t.fn);
      t.args.forEach((a) => names(a, out));
      break;
    case "enc":
      t.body.forEach((b) => names(b, out));
      names(t.key, out);
      break;
    case "tuple":
      t.items.forEach((i) => names(i, out));
      break;
  }
  return out;
}

/**
 * Scyther's own static checks that the generator could get wrong: every name used is declared,
 * every received label is sent by some role of the same protocol, a variable is received before it
 * is sent, and no protocol has two roles of the same name. Returns one line per problem.
 */
export function lintSpdl(f: SpdlFile): string[] {
  const problems: string[] = [];
  const global = new Set([...BUILTIN_NAMES, ...f.userTypes, ...f.functions, ...f.constants.map((c) => c.name), ...f.untrusted]);
  for (const p of f.protocols) {
    const roleSet = new Set(p.roleNames);
    if (roleSet.size !== p.roleNames.length) problems.push(`${p.name}: a role is listed twice`);
    for (const r of p.roles) if (!roleSet.has(r.name)) problems.push(`${p.name}: role block ${r.name} is not in the protocol's role list`);
    const sent = new Set(p.roles.flatMap((r) => r.events.filter((e) => e.kind === "send").map((e) => (e as { label: string }).label)));
    for (const r of p.roles) {
      const local = new Set([...r.fresh.map((d) => d.name), ...r.vars.map((d) => d.name)]);
      const known = (n: string) => global.has(n) || roleSet.has(n) || local.has(n);
      const bound = new Set(r.fresh.map((d) => d.name));
      for (const e of r.events) {
        const terms = e.kind === "claim" ? e.params : e.kind === "match" ? [e.pattern, e.term] : e.message;
        for (const n of terms.flatMap((t) => names(t))) if (!known(n)) problems.push(`${p.name}, role ${r.name}: "${n}" is not declared`);
        if (e.kind === "recv" && !e.label.startsWith("!") && !sent.has(e.label)) problems.push(`${p.name}, role ${r.name}: recv_${e.label} has no send_${e.label}`);
        if (e.kind === "send")
          for (const n of e.message.flatMap((t) => names(t)))
            if (r.vars.some((v) => v.name === n) && !bound.has(n)) problems.push(`${p.name}, role ${r.name}: send_${e.label} uses variable ${n} before receiving it`);
        if (e.kind === "recv") for (const n of e.message.flatMap((t) => names(t))) bound.add(n);
        if (e.kind === "match") for (const n of names(e.pattern)) bound.add(n);
      }
    }
  }
  return problems;
}
