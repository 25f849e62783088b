// Typed errors of the contract build: each names the contract or file at fault and the fix.

/** Base of every error raised while compiling or loading the Solidity artefacts. */
export class ContractBuildError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** solc reported errors; the message carries its formatted diagnostics. */
export class CompilationFailedError extends ContractBuildError {
  constructor(readonly diagnostics: string[]) {
    super("COMPILATION_FAILED", `Solidity compilation failed; fix these and rerun \`npm run build:contracts\`:\n${diagnostics.join("\n")}`);
  }
}

/** A committed artefact does not match the current sources, compiler or settings. */
export class StaleArtefactError extends ContractBuildError {
  constructor(
    readonly contracts: string[],
    readonly reason: string,
  ) {
    super(
      "STALE_ARTEFACT",
      `contract artefact(s) ${contracts.join(", ")} are stale (${reason}); run \`npm run build:contracts\` and commit reference/contracts/build/`,
    );
  }
}

/** An artefact file is missing or unreadable. */
export class MissingArtefactError extends ContractBuildError {
  constructor(readonly contract: string) {
    super("MISSING_ARTEFACT", `no build artefact for contract ${contract}; run \`npm run build:contracts\``);
  }
}
