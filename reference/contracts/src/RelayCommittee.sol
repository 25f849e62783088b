// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Administered} from "./Administered.sol";
import {AuditLog} from "./AuditLog.sol";
import {Phases} from "./Phases.sol";
import {RelayMessage, RelayDigest} from "./RelayMessage.sol";
import {
    BadCommittee,
    MalformedProof,
    InsufficientSignatures,
    UnknownSigner,
    DuplicateSigner,
    SignersNotAscending,
    InvalidSignature,
    RelayMessageReplayed
} from "./Errors.sol";

/// @notice The relay committee as this chain knows it (n secp256k1 members, threshold t) and the
/// check of a committee proof: t-of-n ECDSA signatures over RelayDigest, verified with ecrecover.
/// Proof format (shared with reference/crypto/committee.ts): k >= t signatures of 65 bytes,
/// r (32) || s (32) || v (1) with v in {27, 28} and low s, ordered by strictly increasing signer
/// address, which rejects duplicates in one pass. A signature over any other message recovers to a
/// non-member, so a proof for the wrong event or payload fails as UnknownSigner.
abstract contract RelayCommittee is Administered, AuditLog {
    uint256 private constant SIGNATURE_BYTES = 65;
    uint256 private constant MAX_MEMBERS = 255; // member indices index a uint256 bitmap
    // secp256k1n / 2: signatures with a higher s are malleable twins and are refused.
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    event CommitteeSet(uint256 indexed epoch, address[] members, uint256 threshold);

    address[] private _members;
    mapping(address => uint256) private _memberIndex; // 1-based; 0 = not a member
    uint256 public threshold;
    uint256 public committeeEpoch;
    mapping(bytes32 => bool) private _consumed;

    /// @notice Replace the committee. A majority threshold (2t > n) is required so a minority of
    /// members can never forge a proof.
    function setCommittee(address[] calldata members, uint256 threshold_) external onlyAdmin {
        uint256 n = members.length;
        if (n == 0 || n > MAX_MEMBERS || threshold_ == 0 || threshold_ > n || 2 * threshold_ <= n) {
            revert BadCommittee(n, threshold_);
        }
        for (uint256 i = 0; i < _members.length; i++) {
            delete _memberIndex[_members[i]];
        }
        delete _members;
        for (uint256 i = 0; i < n; i++) {
            address m = members[i];
            if (m == address(0) || _memberIndex[m] != 0) revert BadCommittee(n, threshold_);
            _members.push(m);
            _memberIndex[m] = i + 1;
        }
        threshold = threshold_;
        committeeEpoch += 1;
        emit CommitteeSet(committeeEpoch, members, threshold_);
        _audit(Phases.SETUP, keccak256(abi.encode(committeeEpoch, members, threshold_)));
    }

    /// @notice The current committee members.
    function committeeMembers() external view returns (address[] memory) {
        return _members;
    }

    /// @notice Whether `account` is a committee member.
    function isCommitteeMember(address account) public view returns (bool) {
        return _memberIndex[account] != 0;
    }

    /// @notice The digest the committee signs for `m`.
    function relayDigest(RelayMessage calldata m) external pure returns (bytes32) {
        return RelayDigest.compute(m);
    }

    /// @notice Whether the source step (srcChainId, srcContract, srcEntryHash) was already delivered here.
    function isConsumed(uint256 srcChainId, address srcContract, bytes32 srcEntryHash) external view returns (bool) {
        return _consumed[_consumeKey(srcChainId, srcContract, srcEntryHash)];
    }

    /// @dev Mark a source step as carried; a second delivery of the same step is a replay.
    function _consume(uint256 srcChainId, address srcContract, bytes32 srcEntryHash) internal {
        bytes32 key = _consumeKey(srcChainId, srcContract, srcEntryHash);
        if (_consumed[key]) revert RelayMessageReplayed(srcChainId, srcEntryHash);
        _consumed[key] = true;
    }

    /// @dev Verify a proof over `digest`; returns the bitmap of the signers' member indices.
    function _checkProof(bytes32 digest, bytes calldata proof) internal view returns (uint256 seen) {
        if (proof.length == 0 || proof.length % SIGNATURE_BYTES != 0) revert MalformedProof(proof.length);
        uint256 k = proof.length / SIGNATURE_BYTES;
        if (k < threshold) revert InsufficientSignatures(k, threshold);
        address previous = address(0);
        for (uint256 i = 0; i < k; i++) {
            uint256 o = i * SIGNATURE_BYTES;
            bytes32 r = bytes32(proof[o:o + 32]);
            bytes32 s = bytes32(proof[o + 32:o + 64]);
            uint8 v = uint8(proof[o + 64]);
            if (uint256(s) > HALF_N || (v != 27 && v != 28)) revert InvalidSignature(i);
            address signer = ecrecover(digest, v, r, s);
            if (signer == address(0)) revert InvalidSignature(i);
            // Any other message or key recovers to an address that is not a member.
            uint256 idx = _memberIndex[signer];
            if (idx == 0) revert UnknownSigner(signer);
            if (signer == previous) revert DuplicateSigner(signer);
            if (signer < previous) revert SignersNotAscending(signer, previous);
            previous = signer;
            seen |= 1 << idx;
        }
    }

    /// @dev The member addresses whose indices are set in `bitmap`.
    function _signersOf(uint256 bitmap) internal view returns (address[] memory signers) {
        uint256 count = 0;
        for (uint256 i = 1; i <= _members.length; i++) {
            if (bitmap & (1 << i) != 0) count++;
        }
        signers = new address[](count);
        uint256 j = 0;
        for (uint256 i = 1; i <= _members.length; i++) {
            if (bitmap & (1 << i) != 0) signers[j++] = _members[i - 1];
        }
    }

    function _consumeKey(uint256 srcChainId, address srcContract, bytes32 srcEntryHash) private pure returns (bytes32) {
        return keccak256(abi.encode(srcChainId, srcContract, srcEntryHash));
    }
}
