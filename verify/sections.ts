// The parts of `medexchain verify` besides Scyther's claims, each a report section. A new analysis
// joins the verify run by adding an entry here: it gets the protocols asked for and the output folder,
// and returns whether its results are as expected.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ProtocolSpec } from "../protocol/language.ts";
import { banMarkdown, runBan } from "./ban/index.ts";
import { modelSection } from "./model-checks.ts";
import type { SectionReport } from "./report.ts";

export interface SectionContext {
  readonly root: string;
  /** out/verify, absolute. */
  readonly outDir: string;
  readonly specs: readonly ProtocolSpec[];
  /** The names the user asked for (empty: everything). */
  readonly selection: readonly string[];
}

export interface Section {
  readonly name: string;
  run(ctx: SectionContext): Promise<SectionReport>;
}

function writeAtomically(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
}

/** The BAN prover over the same protocols (verify/ban), writing ban.json and ban.md beside the report. */
const ban: Section = {
  name: "BAN logic",
  async run(ctx) {
    // The Scyther selection names shipped specs; BAN also proves the BAN-paper classics when nothing is selected.
    const { ok, report } = runBan({ protocols: ctx.selection.length ? ctx.specs.map((s) => s.name) : [] });
    mkdirSync(ctx.outDir, { recursive: true });
    const json = join(ctx.outDir, "ban.json");
    const md = join(ctx.outDir, "ban.md");
    writeAtomically(json, `${JSON.stringify(report, null, 2)}\n`);
    writeAtomically(md, banMarkdown(report));
    const t = report.totals;
    return {
      name: "BAN logic",
      ok,
      summary: `${t.proved} of ${t.goals} goals proved in ${t.protocols} protocols; ${t.unexpected} differ from expectation (details in ban.md).`,
      files: [relative(ctx.root, json), relative(ctx.root, md)],
      problems: report.protocols.flatMap((p) => [
        ...p.unsupported.map((u) => `${p.name} ${u.message}: the idealisation claims ${u.part}, but ${u.reason}; fix the idealisation or the message`),
        ...p.unjustified.map((u) => `${p.name} ${u.assumption}: freshness assumption dropped, ${u.reason}`),
        ...p.goals.filter((g) => g.proved !== g.expectProved).map((g) => `${p.name} ${g.id}: ${g.proved ? "proved" : "not proved"}, expected ${g.expectProved ? "proved" : "not proved"}`),
      ]),
    };
  },
};

const models: Section = {
  name: "Models",
  async run(ctx) {
    return modelSection(ctx.specs, ctx.root);
  },
};

/** Every section, in report order; none needs Scyther, so all run even where Scyther is missing. */
export const SECTIONS: readonly Section[] = [models, ban];
