// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Administered} from "./Administered.sol";
import {AuditLog} from "./AuditLog.sol";
import {Phases} from "./Phases.sol";
import {AlreadyRegistered, KeyAlreadyBound, EmptyKey} from "./Errors.sol";

/// @notice Chain B's identities: Ed25519 public keys. The EVM cannot verify Ed25519 cheaply, so the
/// registrar binds each hospital's Ed25519 key (and PRE key) to the secp256k1 account that pays its
/// gas; Ed25519 signatures are stored on chain and verified off-chain by whoever relies on them.
contract IdentityRegistryB is Administered, AuditLog {
    struct Hospital {
        bytes32 ed25519Key;
        uint64 registeredAt;
        bytes preKey; // PRE public key deliveries are re-encrypted to
        string name;
    }

    event HospitalRegistered(address indexed account, bytes32 indexed ed25519Key, bytes preKey, string name);

    mapping(address => Hospital) private _hospitals;
    mapping(bytes32 => address) private _accountOfKey;

    /// @notice The registrar binds a hospital's Ed25519 and PRE keys to its gas account.
    function registerHospital(address account, bytes32 ed25519Key, bytes calldata preKey, string calldata name)
        external
        onlyAdmin
    {
        if (ed25519Key == bytes32(0) || preKey.length == 0) revert EmptyKey();
        if (_hospitals[account].ed25519Key != bytes32(0)) revert AlreadyRegistered(account);
        if (_accountOfKey[ed25519Key] != address(0)) revert KeyAlreadyBound(ed25519Key);
        _hospitals[account] = Hospital(ed25519Key, uint64(block.timestamp), preKey, name);
        _accountOfKey[ed25519Key] = account;
        emit HospitalRegistered(account, ed25519Key, preKey, name);
        _audit(Phases.REGISTER, keccak256(abi.encode(account, ed25519Key, preKey, name)));
    }

    /// @notice Whether `account` is a registered hospital.
    function isHospital(address account) external view returns (bool) {
        return _hospitals[account].ed25519Key != bytes32(0);
    }

    /// @notice The registration of `account` (zero key if unregistered).
    function hospitalOf(address account) external view returns (Hospital memory) {
        return _hospitals[account];
    }

    /// @notice The account an Ed25519 key is bound to (zero if none).
    function accountOfKey(bytes32 ed25519Key) external view returns (address) {
        return _accountOfKey[ed25519Key];
    }
}
