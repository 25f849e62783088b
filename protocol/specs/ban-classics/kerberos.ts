// Kerberos (version 4 core), as idealised in the BAN paper: timestamps instead of nonces, a ticket
// for B inside A's reply from S, an authenticator from A, and B's reply. With synchronised clocks the
// paper derives full mutual belief in the key. Timestamps carry the freshness: drop B's belief in the
// authenticator's freshness and B no longer learns that A holds the key (a replayed authenticator).
import { B } from "../../ban.ts";
import { protocol } from "../../language.ts";
import { hash, senc, tuple } from "../../terms.ts";
import type { BanClassic } from "./classic.ts";

const spec = protocol(
  {
    name: "Kerberos",
    title: "Kerberos (BAN paper)",
    source: "protocol/specs/ban-classics/kerberos.ts",
    family: "BAN classics",
    description: "S issues a timestamped session key Kab to A with a ticket for B; A presents the ticket with a timestamped authenticator; B answers with Ta + 1.",
  },
  (p) => {
    const A = p.role("A", "client");
    const Bb = p.role("B", "server");
    const S = p.role("S", "authentication server");
    const kas = p.shared(A, S);
    const kbs = p.shared(Bb, S);
    const ts = p.fresh(S, "Ts", "Timestamp");
    const ta = p.fresh(A, "Ta", "Timestamp");
    const kab = p.fresh(S, "Kab", "SessionKey");
    const life = p.constant("L", "Timestamp");
    const a = p.agent.bind(p);

    const ticket = senc(kbs, ts, life, kab, a(A));
    p.message("1", A, S, tuple(a(A), a(Bb)));
    p.message("2", S, A, senc(kas, ts, life, kab, a(Bb), ticket), { checks: [p.check("ts", "timestamp", ts, "Ts is within the clock skew")] });
    p.message("3", A, Bb, tuple(ticket, senc(kab, a(A), ta)), { checks: [p.check("ts", "timestamp", ta, "Ta is within the clock skew")] });
    p.message("4", Bb, A, senc(kab, hash("succ", ta)));

    const key = B.sharedKey(A, Bb, kab);
    p.ban.assume("A-Kas", B.believes(A, B.sharedKey(A, S, kas)));
    p.ban.assume("B-Kbs", B.believes(Bb, B.sharedKey(Bb, S, kbs)));
    p.ban.assume("S-Kas", B.believes(S, B.sharedKey(A, S, kas)));
    p.ban.assume("S-Kbs", B.believes(S, B.sharedKey(Bb, S, kbs)));
    p.ban.assume("S-Kab", B.believes(S, key));
    p.ban.assume("A-S-controls-key", B.believes(A, B.controls(S, key)));
    p.ban.assume("B-S-controls-key", B.believes(Bb, B.controls(S, key)));
    p.ban.assume("A-fresh-Ts", B.believes(A, B.fresh(ts)));
    p.ban.assume("B-fresh-Ts", B.believes(Bb, B.fresh(ts)));
    p.ban.assume("B-fresh-Ta", B.believes(Bb, B.fresh(ta)));
    // A made Ta itself, so it knows Ta is recent: the freshness behind A's conclusion from message 4.
    p.ban.assume("A-fresh-Ta", B.believes(A, B.fresh(ta)));

    p.ban.idealise("2", B.enc(B.and(ts, key, B.enc(B.and(ts, key), kbs)), kas));
    p.ban.idealise("3", B.and(B.enc(B.and(ts, key), kbs), B.enc(B.and(ta, key), kab, A)));
    p.ban.idealise("4", B.enc(B.and(ta, key), kab, Bb));

    p.ban.goal("A-key", B.believes(A, key), "A believes Kab is a good key for A and B");
    p.ban.goal("B-key", B.believes(Bb, key), "B believes Kab is a good key for A and B");
    p.ban.goal("B-A-key", B.believes(Bb, B.believes(A, key)), "B believes A believes in Kab");
    p.ban.goal("A-B-key", B.believes(A, B.believes(Bb, key)), "A believes B believes in Kab");
  },
);

export const kerberosClassic: BanClassic = {
  spec,
  section: "Kerberos",
  conclusions: [
    { goal: "A-key", expectProved: true, paper: "A trusts S's timestamped key" },
    { goal: "B-key", expectProved: true, paper: "B trusts the ticket, fresh by Ts" },
    { goal: "B-A-key", expectProved: true, paper: "the authenticator, fresh by Ta, shows B that A holds the key" },
    { goal: "A-B-key", expectProved: true, paper: "message 4 shows A that B holds the key" },
  ],
};
