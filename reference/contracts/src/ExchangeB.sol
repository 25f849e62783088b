// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PeerLink} from "./PeerLink.sol";
import {Freshness} from "./Freshness.sol";
import {IdentityRegistryB} from "./IdentityRegistryB.sol";
import {Phases} from "./Phases.sol";
import {RelayMessage} from "./RelayMessage.sol";
import {RequestMessage, DeliveryMessage, Outcome} from "./Messages.sol";
import {
    NotRegisteredHospital,
    NotRequester,
    UnknownRequest,
    RequestNotPending,
    NonceReused,
    BadSignatureLength,
    EmptyCiphertext,
    RecordMismatch,
    PatientMismatch,
    EvidenceMismatch,
    UnknownOutcome
} from "./Errors.sol";

/// @notice Chain B's exchange: hospitals file requests (Ed25519-signed), the relay delivers the
/// answer from chain A with a committee proof, and the requester acknowledges.
contract ExchangeB is PeerLink, Freshness {
    uint8 public constant REQUESTED = 1;
    uint8 public constant DELIVERED = 2;
    uint8 public constant REFUSED = 3;
    uint8 public constant ACKNOWLEDGED = 4;

    struct Request {
        address requester;
        uint64 timestamp;
        uint8 status;
        bytes32 recordId;
        address patient;
        bytes32 nonce;
        bytes32 reCiphertextHash;
    }

    event RequestFiled(
        bytes32 indexed requestId,
        address indexed requester,
        bytes32 indexed recordId,
        address patient,
        bytes32 nonce,
        uint64 timestamp,
        bytes ed25519Sig
    );
    event Delivered(
        bytes32 indexed requestId, bytes32 indexed recordId, uint8 outcome, bytes32 digest, uint256 signers, bytes delivery
    );
    event Acknowledged(bytes32 indexed requestId, address indexed requester, bytes32 ackHash, bytes ed25519Sig);

    IdentityRegistryB public immutable registry;
    uint256 public requestCount;
    mapping(bytes32 => Request) private _requests;
    mapping(bytes32 => bool) private _usedNonces;

    constructor(IdentityRegistryB registry_, uint64 window) Freshness(window) {
        registry = registry_;
    }

    /// @notice A registered hospital requests record `recordId` of `patient` on chain A, with a fresh
    /// nonce and its Ed25519 signature; the request goes out to chain A as an Outbound message.
    function request(bytes32 recordId, address patient, bytes32 nonce, uint64 timestamp, bytes calldata ed25519Sig)
        external
        returns (bytes32 requestId)
    {
        IdentityRegistryB.Hospital memory h = registry.hospitalOf(msg.sender);
        if (h.ed25519Key == bytes32(0)) revert NotRegisteredHospital(msg.sender);
        if (ed25519Sig.length != 64) revert BadSignatureLength(ed25519Sig.length, 64);
        _checkFresh(timestamp);
        bytes32 nonceKey = keccak256(abi.encode(h.ed25519Key, nonce));
        if (_usedNonces[nonceKey]) revert NonceReused(h.ed25519Key, nonce);
        _usedNonces[nonceKey] = true;
        requestCount += 1;
        requestId = keccak256(abi.encode(block.chainid, address(this), requestCount));
        _requests[requestId] = Request(msg.sender, timestamp, REQUESTED, recordId, patient, nonce, bytes32(0));
        bytes memory payload = abi.encode(
            RequestMessage({
                requestId: requestId,
                recordId: recordId,
                patient: patient,
                nonce: nonce,
                timestamp: timestamp,
                requester: msg.sender,
                requesterKey: h.ed25519Key,
                requesterPreKey: h.preKey,
                requesterSig: ed25519Sig
            })
        );
        emit RequestFiled(requestId, msg.sender, recordId, patient, nonce, timestamp, ed25519Sig);
        _auditOutbound(Phases.REQUEST, payload);
    }

    /// @notice The relay delivers chain A's answer (re-encrypted ciphertext or refusal), with a committee proof.
    function deliver(RelayMessage calldata m, bytes calldata proof) external {
        (bytes32 digest, uint256 signers) = _acceptFromPeer(m, proof);
        DeliveryMessage memory d = abi.decode(m.payload, (DeliveryMessage));
        Request storage q = _requests[d.requestId];
        if (q.status == 0) revert UnknownRequest(d.requestId);
        if (q.status != REQUESTED) revert RequestNotPending(d.requestId, q.status);
        if (d.recordId != q.recordId) revert RecordMismatch(d.requestId, d.recordId);
        if (d.patient != q.patient) revert PatientMismatch(d.recordId, d.patient, q.patient);
        if (d.nonce != q.nonce) revert EvidenceMismatch(d.requestId);
        if (d.outcome == Outcome.GRANTED) {
            if (d.reCiphertext.length == 0) revert EmptyCiphertext();
            q.status = DELIVERED;
            q.reCiphertextHash = keccak256(d.reCiphertext);
        } else if (d.outcome == Outcome.REFUSED) {
            q.status = REFUSED;
        } else {
            revert UnknownOutcome(d.outcome);
        }
        emit Delivered(d.requestId, d.recordId, d.outcome, digest, signers, m.payload);
        _audit(Phases.DELIVER, keccak256(m.payload));
    }

    /// @notice The requester acknowledges a delivery: a hash of what it received, Ed25519-signed.
    function acknowledge(bytes32 requestId, bytes32 ackHash, bytes calldata ed25519Sig) external {
        Request storage q = _requests[requestId];
        if (q.status == 0) revert UnknownRequest(requestId);
        if (msg.sender != q.requester) revert NotRequester(msg.sender, q.requester);
        if (q.status != DELIVERED) revert RequestNotPending(requestId, q.status);
        if (ed25519Sig.length != 64) revert BadSignatureLength(ed25519Sig.length, 64);
        q.status = ACKNOWLEDGED;
        emit Acknowledged(requestId, msg.sender, ackHash, ed25519Sig);
        _audit(Phases.ACK, keccak256(abi.encode(requestId, ackHash, ed25519Sig)));
    }

    /// @notice The request `requestId` (status 0 if none).
    function getRequest(bytes32 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }
}
