// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice A cross-chain message as the relay committee carries it: the source chain's step
/// (identified by its audit-entry hash) and the payload that entry committed to.
struct RelayMessage {
    uint256 srcChainId;
    address srcContract;
    uint256 dstChainId;
    address dstContract;
    bytes32 srcEntryHash;
    bytes payload;
}

/// @notice The digest every committee member signs (raw secp256k1 ECDSA over the 32-byte digest).
library RelayDigest {
    bytes32 internal constant DOMAIN = keccak256("MedExChain/relay/v1");

    function compute(RelayMessage calldata m) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN, m.srcChainId, m.srcContract, m.dstChainId, m.dstContract, m.srcEntryHash, keccak256(m.payload)
            )
        );
    }
}
