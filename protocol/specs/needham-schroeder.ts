// Needham–Schroeder public-key protocol (1978) and Lowe's fix (1995), three-message core.
// Lowe showed a man-in-the-middle on the original: the responder's secrecy and agreement claims
// fail. Adding R's name to message 2 (NSL) removes it. Shipped so the generators and the verify
// script are checked against a known attack and a known fix; one definition, the variant a flag.
import { B } from "../ban.ts";
import { protocol, type ProtocolSpec } from "../language.ts";
import { aenc } from "../terms.ts";

function needhamSchroeder(lowe: boolean): ProtocolSpec {
  return protocol(
  {
    name: lowe ? "NSL" : "NS",
    title: lowe ? "Needham–Schroeder–Lowe" : "Needham–Schroeder public key",
    source: "protocol/specs/needham-schroeder.ts",
    description: lowe
      ? "Lowe's fix: the responder names itself in message 2, which defeats the man-in-the-middle."
      : "Mutual authentication with nonces under public-key encryption; flawed (Lowe's attack).",
  },
  (p) => {
    const I = p.role("I", "Initiator");
    const R = p.role("R", "Responder");
    const ni = p.fresh(I, "ni", "Nonce");
    const nr = p.fresh(R, "nr", "Nonce");
    p.message("1", I, R, aenc(p.pk(R), ni, p.agent(I)), {
      checks: [p.check("dec", "decrypt", aenc(p.pk(R), ni, p.agent(I)), "R decrypts with sk(R)")],
    });
    const m2 = lowe ? aenc(p.pk(I), ni, nr, p.agent(R)) : aenc(p.pk(I), ni, nr);
    p.message("2", R, I, m2, {
      checks: [
        p.check("dec", "decrypt", m2, "I decrypts with sk(I)"),
        p.check("ni", "equals", ni, "the returned nonce is I's ni"),
      ],
    });
    p.message("3", I, R, aenc(p.pk(R), nr), {
      checks: [
        p.check("dec", "decrypt", aenc(p.pk(R), nr), "R decrypts with sk(R)"),
        p.check("nr", "equals", nr, "the returned nonce is R's nr"),
      ],
    });
    // Lowe's attack breaks every responder claim but Alive; NSL is expected to hold throughout.
    const broken = lowe ? "Ok" : "Fail";
    // ProVerif's Horn-clause abstraction merges sessions: it finds a derivation it cannot turn into a
    // trace (NS: Lowe's attack is real, Scyther shows it) or cannot rule one out (NSL's R1).
    const overApprox = { expect: "Inconclusive" as const, why: "ProVerif answers \"cannot be proved\": its abstraction merges sessions" };
    p.claim(I, "Secret", ni, { label: "I1", goal: "ni stays secret" });
    p.claim(I, "Secret", nr, { label: "I2", goal: "nr stays secret", ...(lowe ? {} : { proverif: overApprox }) });
    p.claim(I, "Alive", undefined, { label: "I3" });
    p.claim(I, "Weakagree", undefined, { label: "I4" });
    p.claim(I, "Niagree", undefined, { label: "I5" });
    p.claim(I, "Nisynch", undefined, { label: "I6" });
    p.claim(R, "Secret", ni, { label: "R1", expect: broken, goal: "ni stays secret", proverif: overApprox });
    p.claim(R, "Secret", nr, { label: "R2", expect: broken, goal: "nr stays secret", ...(lowe ? {} : { proverif: overApprox }) });
    p.claim(R, "Alive", undefined, { label: "R3" });
    p.claim(R, "Weakagree", undefined, { label: "R4", expect: broken });
    p.claim(R, "Niagree", undefined, { label: "R5", expect: broken });
    p.claim(R, "Nisynch", undefined, { label: "R6", expect: broken });

    // BAN, after the paper's idealisation of the public-key protocol: each nonce is a secret its maker
    // shares with the intended peer, and a returned nonce authenticates what comes with it. The paper
    // writes message 2 as {⟨I ⇌nr R⟩_ni}_Ki; we put ni among what R says as well, since it is what makes
    // the statement fresh for I (the logic's nonce verification needs the said formula to be fresh).
    // BAN proves these goals for NS and NSL alike: Lowe's attack lies in the idealisation itself
    // (message 3 of NS does not say to whom I thinks it is talking), which the logic takes on trust.
    const pkI = p.pk(I);
    const pkR = p.pk(R);
    const niShared = B.secret(I, R, ni);
    const nrShared = B.secret(I, R, nr);
    p.ban.assume("I-own-key", B.believes(I, B.pubKey(I, pkI)));
    p.ban.assume("R-own-key", B.believes(R, B.pubKey(R, pkR)));
    p.ban.assume("I-fresh-ni", B.believes(I, B.fresh(ni)));
    p.ban.assume("R-fresh-nr", B.believes(R, B.fresh(nr)));
    p.ban.assume("I-ni-secret", B.believes(I, niShared));
    p.ban.assume("R-nr-secret", B.believes(R, nrShared));
    p.ban.idealise("1", B.enc(ni, pkR));
    p.ban.idealise("2", B.enc(B.combined(B.and(ni, nrShared), ni), pkI));
    p.ban.idealise("3", B.enc(B.combined(B.and(nr, niShared), nr), pkR));
    p.ban.interpret("3", niShared, "the BAN paper's reading: returning nr tells R that I ran with the ni of message 1; message 3 itself does not carry ni");
    p.ban.goal("I-R-nr", B.believes(I, B.believes(R, nrShared)), "I believes R currently holds nr as a secret shared with I");
    p.ban.goal("R-I-ni", B.believes(R, B.believes(I, niShared)), "R believes I currently holds ni as a secret shared with R");
  },
  );
}

export const needhamSchroeder78 = needhamSchroeder(false);
export const needhamSchroederLowe = needhamSchroeder(true);
