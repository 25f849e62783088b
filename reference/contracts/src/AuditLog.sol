// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice A hash-linked, append-only log of every state-changing step of the inheriting contract.
/// Only each entry's hash is kept in storage (one slot per entry); its fields travel in the
/// AuditEntry event, so an auditor recomputes every hash from the events and checks it against
/// auditEntryHash(seq) and auditHead(). Binding chainid and address(this) into each hash means an
/// entry cannot be passed off as one of another chain or contract.
abstract contract AuditLog {
    event AuditEntry(
        uint64 indexed seq,
        uint8 indexed phase,
        address indexed actor,
        bytes32 payloadHash,
        bytes32 prevHash,
        bytes32 entryHash
    );

    bytes32[] private _entryHashes;

    /// @notice The hash of the latest entry (zero before the first).
    function auditHead() public view returns (bytes32) {
        uint256 n = _entryHashes.length;
        return n == 0 ? bytes32(0) : _entryHashes[n - 1];
    }

    /// @notice The number of entries; sequence numbers run from 1 to this.
    function auditLength() external view returns (uint256) {
        return _entryHashes.length;
    }

    /// @notice The stored hash of entry `seq` (1-based).
    function auditEntryHash(uint256 seq) external view returns (bytes32) {
        return _entryHashes[seq - 1];
    }

    /// @notice The hash every entry is stored under; public so off-chain code can test its own recomputation.
    function computeEntryHash(uint64 seq, uint8 phase, address actor, bytes32 payloadHash, bytes32 prevHash)
        public
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(block.chainid, address(this), seq, phase, actor, payloadHash, prevHash));
    }

    function _audit(uint8 phase, bytes32 payloadHash) internal returns (bytes32 entryHash) {
        bytes32 prevHash = auditHead();
        uint64 seq = uint64(_entryHashes.length + 1);
        entryHash = computeEntryHash(seq, phase, msg.sender, payloadHash, prevHash);
        _entryHashes.push(entryHash);
        emit AuditEntry(seq, phase, msg.sender, payloadHash, prevHash, entryHash);
    }
}
