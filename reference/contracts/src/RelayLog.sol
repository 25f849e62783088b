// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {RelayCommittee} from "./RelayCommittee.sol";
import {Phases} from "./Phases.sol";
import {RelayMessage, RelayDigest} from "./RelayMessage.sol";

/// @notice The relay chain's record of every cross-chain message the committee carried, with the
/// proof checked against the committee as registered here, so relay misbehaviour (a message carried
/// that no source step emitted, or a delivery never carried) is visible to the auditor.
contract RelayLog is RelayCommittee {
    event Carried(
        bytes32 indexed digest,
        uint256 indexed srcChainId,
        uint256 indexed dstChainId,
        address srcContract,
        address dstContract,
        bytes32 srcEntryHash,
        bytes32 payloadHash,
        address[] signers
    );

    /// @notice Record that the committee carries `m`; each source step is recorded once.
    function record(RelayMessage calldata m, bytes calldata proof) external returns (bytes32 digest) {
        _consume(m.srcChainId, m.srcContract, m.srcEntryHash);
        digest = RelayDigest.compute(m);
        address[] memory signers = _signersOf(_checkProof(digest, proof));
        emit Carried(digest, m.srcChainId, m.dstChainId, m.srcContract, m.dstContract, m.srcEntryHash, keccak256(m.payload), signers);
        _audit(Phases.RELAY, digest);
    }
}
