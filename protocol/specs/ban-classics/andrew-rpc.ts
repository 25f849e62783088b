// The Andrew secure RPC handshake, as idealised in the BAN paper. The paper's finding: the last message,
// which carries the new session key K'ab, contains nothing A knows to be fresh, so A cannot conclude
// that K'ab is good or even that B currently believes in it — an old message 4 could be replayed and A
// would accept an old, possibly compromised key. The paper's amendment adds A's nonce Na to message 4.
import { B } from "../../ban.ts";
import { protocol, type ProtocolSpec } from "../../language.ts";
import { hash, senc, tuple } from "../../terms.ts";
import type { BanClassic } from "./classic.ts";

function andrew(amended: boolean): ProtocolSpec {
  return protocol(
    {
      name: amended ? "AndrewRPC_Amended" : "AndrewRPC",
      title: amended ? "Andrew secure RPC, the paper's amendment (Na in message 4)" : "Andrew secure RPC handshake (BAN paper)",
      source: "protocol/specs/ban-classics/andrew-rpc.ts",
      family: "BAN classics",
      description: "A and B, sharing Kab, handshake with nonces and then B sends a fresh session key K'ab under Kab.",
    },
    (p) => {
      const A = p.role("A", "client");
      const Bb = p.role("B", "server");
      const kab = p.shared(A, Bb);
      const na = p.fresh(A, "Na", "Nonce");
      const nb = p.fresh(Bb, "Nb", "Nonce");
      const kab2 = p.fresh(Bb, "Kab2", "SessionKey");
      const nb2 = p.fresh(Bb, "Nb2", "Nonce");
      const a = p.agent.bind(p);

      p.message("1", A, Bb, tuple(a(A), senc(kab, na)));
      p.message("2", Bb, A, senc(kab, hash("succ", na), nb));
      p.message("3", A, Bb, senc(kab, hash("succ", nb)));
      p.message("4", Bb, A, amended ? senc(kab, kab2, nb2, na) : senc(kab, kab2, nb2));

      const key = B.sharedKey(A, Bb, kab2);
      p.ban.assume("A-Kab", B.believes(A, B.sharedKey(A, Bb, kab)));
      p.ban.assume("B-Kab", B.believes(Bb, B.sharedKey(A, Bb, kab)));
      p.ban.assume("A-B-controls-key", B.believes(A, B.controls(Bb, key)));
      p.ban.assume("B-made-key", B.believes(Bb, key));
      p.ban.assume("A-fresh-Na", B.believes(A, B.fresh(na)));
      p.ban.assume("B-fresh-Nb", B.believes(Bb, B.fresh(nb)));
      p.ban.assume("B-fresh-Nb2", B.believes(Bb, B.fresh(nb2)));

      p.ban.idealise("1", B.enc(na, kab, A));
      p.ban.idealise("2", B.enc(B.and(na, nb), kab, Bb));
      p.ban.idealise("3", B.enc(nb, kab, A));
      p.ban.idealise("4", B.enc(amended ? B.and(key, nb2, na) : B.and(key, nb2), kab, Bb));

      p.ban.goal("A-B-Nb", B.believes(A, B.believes(Bb, nb)), "after message 2, A believes B is running the handshake now");
      p.ban.goal("B-A-Nb", B.believes(Bb, B.believes(A, nb)), "after message 3, B believes A is running the handshake now");
      p.ban.goal("A-key", B.believes(A, key), "A believes K'ab is a good key for A and B");
      p.ban.goal("A-B-key", B.believes(A, B.believes(Bb, key)), "A believes B believes in K'ab");
    },
  );
}

export const andrewClassic: BanClassic = {
  spec: andrew(false),
  section: "The Andrew secure RPC handshake",
  conclusions: [
    { goal: "A-B-Nb", expectProved: true, paper: "message 2 carries A's fresh Na" },
    { goal: "B-A-Nb", expectProved: true, paper: "message 3 carries B's fresh Nb" },
    { goal: "A-key", expectProved: false, paper: "the flaw: message 4 holds nothing A knows to be fresh, so a replayed message 4 passes" },
    { goal: "A-B-key", expectProved: false, paper: "for the same reason A cannot tell that B believes in K'ab now" },
  ],
};

export const andrewAmendedClassic: BanClassic = {
  spec: andrew(true),
  section: "The Andrew secure RPC handshake (the paper's amendment)",
  conclusions: [
    { goal: "A-B-Nb", expectProved: true, paper: "unchanged" },
    { goal: "B-A-Nb", expectProved: true, paper: "unchanged" },
    { goal: "A-key", expectProved: true, paper: "with Na in message 4, A knows the key is from this run" },
    { goal: "A-B-key", expectProved: true, paper: "and that B believes in it" },
  ],
};
