// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice Chain B → chain A: a request as filed on chain B, with the requester's identity as
/// chain B's registry certifies it. Built by ExchangeB itself, so the relay cannot shape it.
struct RequestMessage {
    bytes32 requestId;
    bytes32 recordId;
    address patient;
    bytes32 nonce;
    uint64 timestamp;
    address requester; // HB's gas-paying account on chain B
    bytes32 requesterKey; // HB's Ed25519 public key, as registered on chain B
    bytes requesterPreKey; // HB's PRE public key, as registered on chain B
    bytes requesterSig; // HB's Ed25519 signature over the request (verified off-chain)
}

/// @notice Chain A → chain B: the patient's decision and, when granted, the relay's re-encryption.
/// Built by PhrIndexA itself from its own state.
struct DeliveryMessage {
    bytes32 requestId;
    bytes32 recordId;
    uint8 outcome; // 1 = granted and re-encrypted, 2 = refused
    address patient;
    bytes32 nonce; // the request's nonce, echoed so HB matches the answer to its request
    bytes cid; // binary CIDv1 of the encrypted blob
    bytes32 blobHash;
    bytes reCiphertext; // empty when refused
    bytes32 reKeyHash; // keccak256 of the re-encryption key; zero when refused
    bytes patientSig; // the patient's secp256k1 signature on the grant or refusal (verified off-chain)
}

/// @notice Outcome codes of DeliveryMessage.
library Outcome {
    uint8 internal constant GRANTED = 1;
    uint8 internal constant REFUSED = 2;
}
