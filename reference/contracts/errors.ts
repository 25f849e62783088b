// Typed errors of the contract build: each names the contract or file at fault and the fix.
import { MedExChainError } from "../../protocol/errors.ts";

/** Base of every error raised while compiling or loading the Solidity artefacts. */
export class ContractBuildError extends MedExChainError {
  constructor(code: string, message: string, remedy = "run `npm run build:contracts` and commit reference/contracts/build/") {
    super(code, message, remedy);
  }
}

/** solc reported errors; the message carries its formatted diagnostics. */
export class CompilationFailedError extends ContractBuildError {
  constructor(readonly diagnostics: string[]) {
    super("E_COMPILATION_FAILED", `Solidity compilation failed; fix these and rerun \`npm run build:contracts\`:\n${diagnostics.join("\n")}`);
  }
}

/** A committed artefact does not match the current sources, compiler or settings. */
export class StaleArtefactError extends ContractBuildError {
  constructor(
    readonly contracts: string[],
    readonly reason: string,
  ) {
    super(
      "E_STALE_ARTEFACT",
      `contract artefact(s) ${contracts.join(", ")} are stale (${reason}); run \`npm run build:contracts\` and commit reference/contracts/build/`,
    );
  }
}

/** An artefact file is missing or unreadable. */
export class MissingArtefactError extends ContractBuildError {
  constructor(readonly contract: string) {
    super("E_MISSING_ARTEFACT", `no build artefact for contract ${contract}; run \`npm run build:contracts\``);
  }
}
