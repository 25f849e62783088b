// The Otway–Rees protocol, as idealised in the BAN paper (the run identifier M written Nc, as there).
// The paper's finding: both parties obtain the key from S and learn that the other sent Nc recently
// enough for S to vouch for it, but neither learns that the other believes in the key: there is no key
// confirmation.
import { B } from "../../ban.ts";
import { protocol } from "../../language.ts";
import { senc, tuple } from "../../terms.ts";
import type { BanClassic } from "./classic.ts";

const spec = protocol(
  {
    name: "OtwayRees",
    title: "Otway–Rees (BAN paper)",
    source: "protocol/specs/ban-classics/otway-rees.ts",
    family: "BAN classics",
    description: "A and B each send S a nonce bound to the run identifier Nc; S returns the session key Kab to each under its long-term key; B forwards A's part.",
  },
  (p) => {
    const A = p.role("A", "initiator");
    const Bb = p.role("B", "responder");
    const S = p.role("S", "authentication server");
    const kas = p.shared(A, S);
    const kbs = p.shared(Bb, S);
    const nc = p.fresh(A, "Nc", "Identifier");
    const na = p.fresh(A, "Na", "Nonce");
    const nb = p.fresh(Bb, "Nb", "Nonce");
    const kab = p.fresh(S, "Kab", "SessionKey");
    const a = p.agent.bind(p);

    const partA = senc(kas, na, nc, a(A), a(Bb));
    const partB = senc(kbs, nb, nc, a(A), a(Bb));
    p.message("1", A, Bb, tuple(nc, a(A), a(Bb), partA));
    p.message("2", Bb, S, tuple(nc, a(A), a(Bb), partA, partB));
    p.message("3", S, Bb, tuple(nc, senc(kas, na, kab), senc(kbs, nb, kab)));
    p.message("4", Bb, A, tuple(nc, senc(kas, na, kab)));

    const key = B.sharedKey(A, Bb, kab);
    const forA = B.enc(B.and(na, key, B.said(Bb, nc)), kas);
    const forB = B.enc(B.and(nb, key, B.said(A, nc)), kbs);
    p.ban.assume("A-Kas", B.believes(A, B.sharedKey(A, S, kas)));
    p.ban.assume("B-Kbs", B.believes(Bb, B.sharedKey(Bb, S, kbs)));
    p.ban.assume("S-Kas", B.believes(S, B.sharedKey(A, S, kas)));
    p.ban.assume("S-Kbs", B.believes(S, B.sharedKey(Bb, S, kbs)));
    p.ban.assume("S-Kab", B.believes(S, key));
    p.ban.assume("A-S-controls-key", B.believes(A, B.controls(S, key)));
    p.ban.assume("B-S-controls-key", B.believes(Bb, B.controls(S, key)));
    p.ban.assume("A-S-controls-B-said", B.believes(A, B.controls(S, B.said(Bb, nc))));
    p.ban.assume("B-S-controls-A-said", B.believes(Bb, B.controls(S, B.said(A, nc))));
    p.ban.assume("A-fresh-Na", B.believes(A, B.fresh(na)));
    p.ban.assume("B-fresh-Nb", B.believes(Bb, B.fresh(nb)));

    p.ban.idealise("1", B.enc(B.and(na, nc), kas, A));
    p.ban.idealise("2", B.and(B.enc(B.and(na, nc), kas, A), B.enc(B.and(nb, nc), kbs, Bb)));
    p.ban.idealise("3", B.and(forA, forB));
    p.ban.idealise("4", forA);

    p.ban.goal("A-key", B.believes(A, key), "A believes Kab is a good key for A and B");
    p.ban.goal("B-key", B.believes(Bb, key), "B believes Kab is a good key for A and B");
    p.ban.goal("A-B-said-Nc", B.believes(A, B.said(Bb, nc)), "A believes B sent Nc (in this run, as S vouches)");
    p.ban.goal("B-A-said-Nc", B.believes(Bb, B.said(A, nc)), "B believes A sent Nc");
    p.ban.goal("S-A-said", B.believes(S, B.said(A, B.and(na, nc))), "S believes A sent (Na, Nc)");
    p.ban.goal("A-B-key", B.believes(A, B.believes(Bb, key)), "A believes B believes in Kab (key confirmation)");
    p.ban.goal("B-A-key", B.believes(Bb, B.believes(A, key)), "B believes A believes in Kab (key confirmation)");
  },
);

export const otwayReesClassic: BanClassic = {
  spec,
  section: "The Otway–Rees protocol",
  conclusions: [
    { goal: "A-key", expectProved: true, paper: "A trusts S's key, fresh by Na" },
    { goal: "B-key", expectProved: true, paper: "B trusts S's key, fresh by Nb" },
    { goal: "A-B-said-Nc", expectProved: true, paper: "S vouches that B sent Nc" },
    { goal: "B-A-said-Nc", expectProved: true, paper: "S vouches that A sent Nc" },
    { goal: "S-A-said", expectProved: true, paper: "S reads A's request under Kas (not fresh for S: once said only)" },
    { goal: "A-B-key", expectProved: false, paper: "no key confirmation: nothing from B under Kab reaches A" },
    { goal: "B-A-key", expectProved: false, paper: "no key confirmation: nothing from A under Kab reaches B" },
  ],
};
