// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {RelayCommittee} from "./RelayCommittee.sol";
import {Phases} from "./Phases.sol";
import {RelayMessage, RelayDigest} from "./RelayMessage.sol";
import {
    WrongSourceChain,
    WrongSourceContract,
    WrongDestinationChain,
    WrongDestinationContract,
    PeerAlreadySet,
    PeerNotSet
} from "./Errors.sol";

/// @notice A hospital-chain contract linked to exactly one contract on the other hospital chain:
/// messages it emits are addressed there (Outbound), messages it accepts must come from there.
abstract contract PeerLink is RelayCommittee {
    /// @notice A message for the relay to carry: everything a RelayMessage needs besides the source chain id.
    event Outbound(bytes32 indexed srcEntryHash, uint256 indexed dstChainId, address dstContract, bytes payload);
    event PeerSet(uint256 indexed peerChainId, address peerContract);

    uint256 public peerChainId;
    address public peerContract;

    /// @notice Name, once, the contract on the other hospital chain this one exchanges messages with.
    function setPeer(uint256 chainId, address peer) external onlyAdmin {
        if (peerContract != address(0)) revert PeerAlreadySet(peerChainId, peerContract);
        if (peer == address(0) || chainId == 0) revert PeerNotSet();
        peerChainId = chainId;
        peerContract = peer;
        emit PeerSet(chainId, peer);
        _audit(Phases.SETUP, keccak256(abi.encode(chainId, peer)));
    }

    /// @dev Log a step whose payload goes to the peer, and announce it for the relay.
    function _auditOutbound(uint8 phase, bytes memory payload) internal returns (bytes32 entryHash) {
        if (peerContract == address(0)) revert PeerNotSet();
        entryHash = _audit(phase, keccak256(payload));
        emit Outbound(entryHash, peerChainId, peerContract, payload);
    }

    /// @dev Accept `m` from the peer addressed to this contract: routing checks, replay, proof.
    /// Returns the digest and the bitmap of member indices that signed.
    function _acceptFromPeer(RelayMessage calldata m, bytes calldata proof) internal returns (bytes32, uint256) {
        if (peerContract == address(0)) revert PeerNotSet();
        if (m.dstChainId != block.chainid) revert WrongDestinationChain(m.dstChainId, block.chainid);
        if (m.dstContract != address(this)) revert WrongDestinationContract(m.dstContract, address(this));
        if (m.srcChainId != peerChainId) revert WrongSourceChain(m.srcChainId, peerChainId);
        if (m.srcContract != peerContract) revert WrongSourceContract(m.srcContract, peerContract);
        _consume(m.srcChainId, m.srcContract, m.srcEntryHash);
        bytes32 digest = RelayDigest.compute(m);
        return (digest, _checkProof(digest, proof));
    }
}
