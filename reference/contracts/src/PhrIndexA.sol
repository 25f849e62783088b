// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PeerLink} from "./PeerLink.sol";
import {Freshness} from "./Freshness.sol";
import {IdentityRegistryA} from "./IdentityRegistryA.sol";
import {Phases} from "./Phases.sol";
import {RelayMessage} from "./RelayMessage.sol";
import {RequestMessage, DeliveryMessage, Outcome} from "./Messages.sol";
import {
    NotRegisteredHospital,
    NotRegisteredPatient,
    RecordExists,
    UnknownRecord,
    PatientMismatch,
    NotOwner,
    UnknownRequest,
    RequestNotPending,
    RequestExists,
    RequestExpired,
    NonceReused,
    BadSignatureLength,
    EmptyReKey,
    EmptyCiphertext,
    EvidenceMismatch
} from "./Errors.sol";

/// @notice Chain A's PHR index: records anchored by source hospitals, requests relayed from chain B,
/// the patient's grant or refusal, and the relay's re-encryption, each an audit-log entry.
contract PhrIndexA is PeerLink, Freshness {
    uint8 public constant PENDING = 1;
    uint8 public constant GRANTED = 2;
    uint8 public constant REFUSED = 3;
    uint8 public constant REENCRYPTED = 4;
    bytes32 public constant REENCRYPTION_DOMAIN = keccak256("MedExChain/reencryption/v1");

    struct Record {
        address owner;
        uint64 timestamp;
        address hospital;
        bytes32 blobHash;
        bytes32 preCiphertextHash; // the ciphertext itself is in RecordAnchored
        bytes cid;
    }

    struct Request {
        bytes32 recordId;
        address patient;
        uint64 expiresAt;
        uint8 status;
        bytes32 nonce;
        bytes32 requesterKey;
        bytes32 reKeyHash;
        bytes32 patientSigHash;
    }

    event RecordAnchored(
        bytes32 indexed recordId,
        address indexed owner,
        address indexed hospital,
        bytes32 device,
        bytes cid,
        bytes32 blobHash,
        bytes preCiphertext,
        uint64 timestamp,
        bytes evidence
    );
    event RequestAccepted(
        bytes32 indexed requestId, bytes32 indexed recordId, address indexed patient, bytes32 digest, uint256 signers, bytes request
    );
    event Granted(bytes32 indexed requestId, bytes32 indexed recordId, address indexed patient, bytes reKey, bytes patientSig);
    event Refused(bytes32 indexed requestId, bytes32 indexed recordId, address indexed patient, bytes patientSig);
    event ReEncrypted(
        bytes32 indexed requestId, bytes32 indexed recordId, address indexed submitter, address[] signers, bytes reCiphertext
    );

    IdentityRegistryA public immutable registry;
    mapping(bytes32 => Record) private _records;
    mapping(bytes32 => Request) private _requests;
    mapping(bytes32 => bool) private _usedNonces;

    constructor(IdentityRegistryA registry_, uint64 window) Freshness(window) {
        registry = registry_;
    }

    /// @notice A registered hospital anchors a record: where the encrypted blob is (CID), its hash,
    /// the PRE ciphertext of its data key under the owner's key, the uploading device (whose id, with
    /// the owner, the hospital and the device timestamp, is the record context the data key and the
    /// blob's associated data are bound to; logged, not stored: its readers take it from the event and
    /// the patient's grant signature covers it), and the hospital's anchoring signature as evidence. Records are immutable once anchored. The
    /// record id is derived here, not chosen: recordIdOf(msg.sender, owner, cid, timestamp), so no
    /// other hospital can take an upload's id first, and the same upload anchored twice by the same
    /// hospital is refused as RecordExists.
    function anchor(
        bytes calldata cid,
        bytes32 blobHash,
        bytes calldata preCiphertext,
        address owner,
        bytes32 device,
        uint64 timestamp,
        bytes calldata evidence
    ) external returns (bytes32 recordId) {
        if (registry.roleOf(msg.sender) != registry.HOSPITAL()) revert NotRegisteredHospital(msg.sender);
        if (registry.roleOf(owner) != registry.PATIENT()) revert NotRegisteredPatient(owner);
        if (cid.length == 0 || preCiphertext.length == 0) revert EmptyCiphertext();
        recordId = recordIdOf(msg.sender, owner, cid, timestamp);
        if (_records[recordId].owner != address(0)) revert RecordExists(recordId);
        _checkFresh(timestamp);
        _records[recordId] = Record(owner, timestamp, msg.sender, blobHash, keccak256(preCiphertext), cid);
        emit RecordAnchored(recordId, owner, msg.sender, device, cid, blobHash, preCiphertext, timestamp, evidence);
        _audit(Phases.ANCHOR, keccak256(abi.encode(recordId, cid, blobHash, preCiphertext, owner, device, timestamp, evidence)));
    }

    /// @notice The id a record anchored here by `hospital` for `owner` with blob `cid` and device
    /// timestamp `timestamp` gets.
    function recordIdOf(address hospital, address owner, bytes calldata cid, uint64 timestamp) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, hospital, owner, cid, timestamp));
    }

    /// @notice The relay delivers a request filed on chain B, with a committee proof.
    function acceptRequest(RelayMessage calldata m, bytes calldata proof) external returns (bytes32 requestId) {
        (bytes32 digest, uint256 signers) = _acceptFromPeer(m, proof);
        RequestMessage memory r = abi.decode(m.payload, (RequestMessage));
        Record storage rec = _records[r.recordId];
        if (rec.owner == address(0)) revert UnknownRecord(r.recordId);
        if (rec.owner != r.patient) revert PatientMismatch(r.recordId, r.patient, rec.owner);
        if (_requests[r.requestId].status != 0) revert RequestExists(r.requestId);
        if (r.requesterSig.length != 64) revert BadSignatureLength(r.requesterSig.length, 64);
        _checkFresh(r.timestamp);
        bytes32 nonceKey = keccak256(abi.encode(r.requesterKey, r.nonce));
        if (_usedNonces[nonceKey]) revert NonceReused(r.requesterKey, r.nonce);
        _usedNonces[nonceKey] = true;
        requestId = r.requestId;
        _requests[requestId] = Request({
            recordId: r.recordId,
            patient: r.patient,
            expiresAt: r.timestamp + freshnessWindow,
            status: PENDING,
            nonce: r.nonce,
            requesterKey: r.requesterKey,
            reKeyHash: bytes32(0),
            patientSigHash: bytes32(0)
        });
        emit RequestAccepted(requestId, r.recordId, r.patient, digest, signers, m.payload);
        _audit(Phases.REQUEST_ACCEPTED, keccak256(m.payload));
    }

    /// @notice The record's owner grants a pending request: the re-encryption key for the requester
    /// and her signature binding it to the request (carried to chain B for HB to check).
    function grant(bytes32 requestId, bytes calldata reKey, bytes calldata patientSig) external {
        Request storage q = _pendingOwnedBy(requestId, msg.sender);
        if (reKey.length == 0) revert EmptyReKey();
        if (patientSig.length != 65) revert BadSignatureLength(patientSig.length, 65);
        q.status = GRANTED;
        q.reKeyHash = keccak256(reKey);
        q.patientSigHash = keccak256(patientSig);
        emit Granted(requestId, q.recordId, msg.sender, reKey, patientSig);
        _audit(Phases.GRANT, keccak256(abi.encode(requestId, reKey, patientSig)));
    }

    /// @notice The record's owner refuses a pending request; the refusal is carried to chain B.
    function refuse(bytes32 requestId, bytes calldata patientSig) external {
        Request storage q = _pendingOwnedBy(requestId, msg.sender);
        if (patientSig.length != 65) revert BadSignatureLength(patientSig.length, 65);
        q.status = REFUSED;
        q.patientSigHash = keccak256(patientSig);
        bytes memory payload = abi.encode(_delivery(requestId, q, Outcome.REFUSED, "", patientSig));
        emit Refused(requestId, q.recordId, msg.sender, patientSig);
        _auditOutbound(Phases.REFUSE, payload);
    }

    /// @notice Log the re-encrypted ciphertext of a granted request, with a committee proof: at least
    /// t members' signatures over reEncryptionDigest, each given only after the member recomputed the
    /// re-encryption from the grant and the anchored ciphertext (re-encryption is deterministic). Anyone
    /// may submit it, so no single member can hold a request back, and fewer than t members can log
    /// nothing: the request stays GRANTED for the honest majority. This entry is the source event the
    /// committee's delivery proof to chain B refers to; it names the signers, who answer for it.
    function markReEncrypted(bytes32 requestId, bytes calldata reCiphertext, bytes calldata patientSig, bytes calldata proof)
        external
    {
        Request storage q = _requests[requestId];
        if (q.status == 0) revert UnknownRequest(requestId);
        if (q.status != GRANTED) revert RequestNotPending(requestId, q.status);
        if (reCiphertext.length == 0) revert EmptyCiphertext();
        if (keccak256(patientSig) != q.patientSigHash) revert EvidenceMismatch(requestId);
        address[] memory signers = _signersOf(_checkProof(reEncryptionDigest(requestId, keccak256(reCiphertext)), proof));
        q.status = REENCRYPTED;
        bytes memory payload = abi.encode(_delivery(requestId, q, Outcome.GRANTED, reCiphertext, patientSig));
        emit ReEncrypted(requestId, q.recordId, msg.sender, signers, reCiphertext);
        _auditOutbound(Phases.REENCRYPT, payload);
    }

    /// @notice What each committee member signs for the re-encryption of request `requestId`: this
    /// chain and contract, the request, the grant's re-encryption key (by hash), the anchored
    /// ciphertext it was made for (by hash) and the resulting ciphertext (by hash).
    function reEncryptionDigest(bytes32 requestId, bytes32 reCiphertextHash) public view returns (bytes32) {
        Request storage q = _requests[requestId];
        return keccak256(
            abi.encode(
                REENCRYPTION_DOMAIN,
                block.chainid,
                address(this),
                requestId,
                q.reKeyHash,
                _records[q.recordId].preCiphertextHash,
                reCiphertextHash
            )
        );
    }

    /// @notice The anchored record `recordId` (owner zero if none).
    function getRecord(bytes32 recordId) external view returns (Record memory) {
        return _records[recordId];
    }

    /// @notice The relayed request `requestId` (status 0 if none).
    function getRequest(bytes32 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    function _pendingOwnedBy(bytes32 requestId, address caller) private view returns (Request storage q) {
        q = _requests[requestId];
        if (q.status == 0) revert UnknownRequest(requestId);
        if (caller != q.patient) revert NotOwner(caller, q.patient);
        if (q.status != PENDING) revert RequestNotPending(requestId, q.status);
        if (block.timestamp > q.expiresAt) revert RequestExpired(requestId, q.expiresAt);
    }

    function _delivery(
        bytes32 requestId,
        Request storage q,
        uint8 outcome,
        bytes memory reCiphertext,
        bytes calldata patientSig
    ) private view returns (DeliveryMessage memory) {
        Record storage rec = _records[q.recordId];
        return DeliveryMessage({
            requestId: requestId,
            recordId: q.recordId,
            outcome: outcome,
            patient: q.patient,
            nonce: q.nonce,
            cid: rec.cid,
            blobHash: rec.blobHash,
            reCiphertext: reCiphertext,
            reKeyHash: q.reKeyHash,
            patientSig: patientSig
        });
    }
}
