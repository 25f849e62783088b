// Needham–Schroeder shared-key protocol (1978), as idealised in the BAN paper. The paper's finding:
// B cannot conclude that the session key is good, because nothing B sees is known to B to be fresh;
// the analysis goes through only with the extra assumption B |≡ #(A ↔Kab B) — precisely the
// assumption Denning and Sacco's replay of an old, compromised Kab exploits.
import { B } from "../../ban.ts";
import { protocol, type ProtocolSpec } from "../../language.ts";
import { hash, senc, tuple } from "../../terms.ts";
import type { BanClassic } from "./classic.ts";

function nssk(withFreshKeyAssumption: boolean): ProtocolSpec {
  return protocol(
    {
      name: withFreshKeyAssumption ? "NSSK_BFreshKey" : "NSSK",
      title: withFreshKeyAssumption
        ? "Needham–Schroeder shared key, with the paper's extra assumption B |≡ #(Kab)"
        : "Needham–Schroeder shared key (BAN paper)",
      source: "protocol/specs/ban-classics/nssk.ts",
      family: "BAN classics",
      description: "A and B obtain a session key Kab from the server S, with whom each shares a long-term key, then handshake under Kab.",
    },
    (p) => {
      const A = p.role("A", "initiator");
      const Bb = p.role("B", "responder");
      const S = p.role("S", "authentication server");
      const kas = p.shared(A, S);
      const kbs = p.shared(Bb, S);
      const na = p.fresh(A, "Na", "Nonce");
      const nb = p.fresh(Bb, "Nb", "Nonce");
      const kab = p.fresh(S, "Kab", "SessionKey");
      const a = p.agent.bind(p);

      const ticket = senc(kbs, kab, a(A));
      p.message("1", A, S, tuple(a(A), a(Bb), na));
      p.message("2", S, A, senc(kas, na, a(Bb), kab, ticket), { checks: [p.check("dec", "decrypt", senc(kas, na, a(Bb), kab, ticket), "A decrypts with Kas")] });
      p.message("3", A, Bb, ticket, { checks: [p.check("dec", "decrypt", ticket, "B decrypts with Kbs")] });
      p.message("4", Bb, A, senc(kab, nb));
      p.message("5", A, Bb, senc(kab, hash("dec", nb)));

      const key = B.sharedKey(A, Bb, kab);
      p.ban.assume("A-Kas", B.believes(A, B.sharedKey(A, S, kas)));
      p.ban.assume("B-Kbs", B.believes(Bb, B.sharedKey(Bb, S, kbs)));
      p.ban.assume("S-Kas", B.believes(S, B.sharedKey(A, S, kas)));
      p.ban.assume("S-Kbs", B.believes(S, B.sharedKey(Bb, S, kbs)));
      p.ban.assume("S-Kab", B.believes(S, key));
      p.ban.assume("A-S-controls-key", B.believes(A, B.controls(S, key)));
      p.ban.assume("B-S-controls-key", B.believes(Bb, B.controls(S, key)));
      p.ban.assume("A-S-controls-fresh", B.believes(A, B.controls(S, B.fresh(key))));
      p.ban.assume("A-fresh-Na", B.believes(A, B.fresh(na)));
      p.ban.assume("B-fresh-Nb", B.believes(Bb, B.fresh(nb)));
      p.ban.assume("S-fresh-key", B.believes(S, B.fresh(key)));
      // The assumption the paper singles out as unusual: B accepts a key as fresh on no evidence.
      if (withFreshKeyAssumption) p.ban.assume("B-fresh-key", B.believes(Bb, B.fresh(key)));

      p.ban.idealise("2", B.enc(B.and(na, key, B.fresh(key), B.enc(key, kbs)), kas));
      p.ban.idealise("3", B.enc(key, kbs));
      p.ban.idealise("4", B.enc(B.and(nb, key), kab, Bb));
      p.ban.idealise("5", B.enc(B.and(nb, key), kab, A));

      p.ban.goal("A-key", B.believes(A, key), "A believes Kab is a good key for A and B");
      p.ban.goal("A-key-fresh", B.believes(A, B.fresh(key)), "A believes Kab is fresh");
      p.ban.goal("A-B-key", B.believes(A, B.believes(Bb, key)), "A believes B believes in Kab");
      p.ban.goal("B-key", B.believes(Bb, key), "B believes Kab is a good key for A and B");
      p.ban.goal("B-A-key", B.believes(Bb, B.believes(A, key)), "B believes A believes in Kab");
    },
  );
}

/** The paper's assumptions: B's conclusions about the key are out of reach. */
export const nsskClassic: BanClassic = {
  spec: nssk(false),
  section: "Needham–Schroeder shared-key protocol",
  conclusions: [
    { goal: "A-key", expectProved: true, paper: "A obtains the key from S, freshness by its nonce Na" },
    { goal: "A-key-fresh", expectProved: true, paper: "S vouches for the key's freshness and A trusts S on it" },
    { goal: "A-B-key", expectProved: true, paper: "message 4, fresh because Kab is, shows A that B holds the key" },
    { goal: "B-key", expectProved: false, paper: "nothing B receives is known to B to be fresh: B cannot tell a new Kab from a replayed one" },
    { goal: "B-A-key", expectProved: false, paper: "without a key it believes good, B learns nothing from message 5" },
  ],
};

/** With B |≡ #(A ↔Kab B) added, every conclusion follows — which is why the paper calls the assumption out. */
export const nsskFreshKeyClassic: BanClassic = {
  spec: nssk(true),
  section: "Needham–Schroeder shared-key protocol (the extra assumption)",
  conclusions: [
    { goal: "A-key", expectProved: true, paper: "unchanged" },
    { goal: "A-key-fresh", expectProved: true, paper: "unchanged" },
    { goal: "A-B-key", expectProved: true, paper: "unchanged" },
    { goal: "B-key", expectProved: true, paper: "with B |≡ #(A ↔Kab B), B trusts S's ticket" },
    { goal: "B-A-key", expectProved: true, paper: "message 5, fresh by Nb, shows B that A holds the key" },
  ],
};
