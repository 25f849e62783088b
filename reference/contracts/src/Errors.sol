// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

// Every revert in MedExChain's contracts is one of these named errors, so a caller (and the attack
// gallery) can tell exactly which check rejected a call. File-level so every contract shares them.

// --- administration and identity ---
error NotAdmin(address caller);
error AlreadyRegistered(address account);
error KeyAlreadyBound(bytes32 key);
error NotRegisteredHospital(address account);
error NotRegisteredPatient(address account);
error InvalidRole(uint8 role);
error EmptyKey();
error DeviceAlreadyRegistered(bytes32 deviceId);
error BadPointEncoding(uint256 length);
error InvalidPossessionProof(bytes32 keyHash);
error PrecompileFailed(address precompile);
error KeyComponentMismatch(bytes32 keyHash);
error BadKeyLength(uint256 length, uint256 expected);
error PeerAlreadySet(uint256 chainId, address peer);
error PeerNotSet();

// --- records and requests ---
error RecordExists(bytes32 recordId);
error UnknownRecord(bytes32 recordId);
error PatientMismatch(bytes32 recordId, address claimed, address owner);
error NotOwner(address caller, address owner);
error NotRequester(address caller, address requester);
error UnknownRequest(bytes32 requestId);
error RequestNotPending(bytes32 requestId, uint8 status);
error RequestExists(bytes32 requestId);
error RequestExpired(bytes32 requestId, uint64 expiresAt);
error StaleTimestamp(uint64 timestamp, uint64 chainTime);
error FutureTimestamp(uint64 timestamp, uint64 chainTime);
error NonceReused(bytes32 key, bytes32 nonce);
error BadSignatureLength(uint256 length, uint256 expected);
error EmptyReKey();
error EmptyCiphertext();
error EvidenceMismatch(bytes32 requestId);
error RecordMismatch(bytes32 requestId, bytes32 recordId);
error UnknownOutcome(uint8 outcome);

// --- relay committee and proofs ---
error NotCommitteeMember(address caller);
error BadCommittee(uint256 members, uint256 threshold);
error MalformedProof(uint256 length);
error InsufficientSignatures(uint256 got, uint256 needed);
error UnknownSigner(address signer);
error DuplicateSigner(address signer);
error InvalidSignature(uint256 index);
error SignersNotAscending(address signer, address previous);
error WrongSourceChain(uint256 got, uint256 expected);
error WrongSourceContract(address got, address expected);
error WrongDestinationChain(uint256 got, uint256 expected);
error WrongDestinationContract(address got, address expected);
error RelayMessageReplayed(uint256 srcChainId, bytes32 srcEntryHash);
