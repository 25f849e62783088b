// The BAN postulates the prover applies, named once with their schema as the paper writes them, so a
// derivation step, docs/ban.md and the JSON report all cite the same rule text.

export const RULES = {
  assumption: { title: "initial assumption", schema: "stated in the spec (p.ban.assume)" },
  message: { title: "message received", schema: "the idealised message X sent to P at this step gives P ◁ X" },
  "message-meaning-shared-key": { title: "message meaning (shared key)", schema: "P |≡ Q ↔K P, P ◁ {X}_K (not from P) ⊢ P |≡ Q |~ X" },
  "message-meaning-public-key": { title: "message meaning (public key)", schema: "P |≡ →K Q, P ◁ {X}_K⁻¹ ⊢ P |≡ Q |~ X" },
  "message-meaning-secret": { title: "message meaning (shared secret)", schema: "P |≡ Q ⇌Y P, P ◁ ⟨X⟩_Y ⊢ P |≡ Q |~ X" },
  "nonce-verification": { title: "nonce verification", schema: "P |≡ #(X), P |≡ Q |~ X ⊢ P |≡ Q |≡ X" },
  jurisdiction: { title: "jurisdiction", schema: "P |≡ Q ⇒ X, P |≡ Q |≡ X ⊢ P |≡ X" },
  "belief-conjunction": { title: "belief conjunction", schema: "P |≡ X, P |≡ Y ⊢ P |≡ (X, Y)" },
  "belief-projection": { title: "belief projection", schema: "P |≡ (X, Y) ⊢ P |≡ X" },
  "nested-belief-projection": { title: "belief projection (nested)", schema: "P |≡ Q |≡ (X, Y) ⊢ P |≡ Q |≡ X" },
  "said-projection": { title: "said projection", schema: "P |≡ Q |~ (X, Y) ⊢ P |≡ Q |~ X" },
  "seeing-tuple": { title: "seeing (decomposition)", schema: "P ◁ (X, Y) ⊢ P ◁ X" },
  "seeing-combined": { title: "seeing (combined message)", schema: "P ◁ ⟨X⟩_Y ⊢ P ◁ X" },
  "seeing-shared-key": { title: "seeing (decryption, shared key)", schema: "P |≡ Q ↔K P, P ◁ {X}_K ⊢ P ◁ X" },
  "seeing-public-key": { title: "seeing (decryption, own private key)", schema: "P |≡ →K P, P ◁ {X}_K ⊢ P ◁ X" },
  "seeing-signature": { title: "seeing (signed message)", schema: "P |≡ →K Q, P ◁ {X}_K⁻¹ ⊢ P ◁ X" },
  "freshness-compound": { title: "freshness of compounds", schema: "P |≡ #(X) ⊢ P |≡ #(X, Y) (likewise {X}_K, {X}_K⁻¹, ⟨X⟩_Y)" },
} as const;

export type RuleName = keyof typeof RULES;

/** The rule names in the order docs and reports list them. */
export const RULE_NAMES = Object.keys(RULES) as RuleName[];
