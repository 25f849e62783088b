// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Administered} from "./Administered.sol";
import {AuditLog} from "./AuditLog.sol";
import {Phases} from "./Phases.sol";
import {AlreadyRegistered, InvalidRole, EmptyKey, NotRegisteredPatient, DeviceAlreadyRegistered} from "./Errors.sol";

/// @notice Chain A's identities: secp256k1 Ethereum accounts. An account's own transaction
/// signature authenticates it; the registry binds it to a role and to its public keys.
/// The registrar (admin) registers hospitals and firewalls; patients register themselves and
/// their devices.
contract IdentityRegistryA is Administered, AuditLog {
    uint8 public constant PATIENT = 1;
    uint8 public constant HOSPITAL = 2;
    uint8 public constant FIREWALL = 3;

    struct Party {
        uint8 role;
        uint64 registeredAt;
        bytes preKey; // PRE public key (patients)
        bytes sigKey; // an additional signature key, scheme per role (may be empty)
    }

    struct Device {
        address owner; // the patient the device belongs to
        uint64 registeredAt;
        bytes sigKey; // the device's signature public key (BLS)
    }

    event PartyRegistered(address indexed account, uint8 indexed role, bytes preKey, bytes sigKey);
    event DeviceRegistered(bytes32 indexed deviceId, address indexed owner, bytes sigKey);

    mapping(address => Party) private _parties;
    mapping(bytes32 => Device) private _devices;

    /// @notice The registrar registers a hospital or a firewall account.
    function registerParty(address account, uint8 role, bytes calldata preKey, bytes calldata sigKey)
        external
        onlyAdmin
    {
        if (role != HOSPITAL && role != FIREWALL) revert InvalidRole(role);
        _register(account, role, preKey, sigKey);
    }

    /// @notice A patient registers her own account with her PRE public key.
    function registerPatient(bytes calldata preKey, bytes calldata sigKey) external {
        if (preKey.length == 0) revert EmptyKey();
        _register(msg.sender, PATIENT, preKey, sigKey);
    }

    /// @notice A registered patient registers one of her devices' signature keys.
    function registerDevice(bytes32 deviceId, bytes calldata sigKey) external {
        if (_parties[msg.sender].role != PATIENT) revert NotRegisteredPatient(msg.sender);
        if (sigKey.length == 0) revert EmptyKey();
        if (_devices[deviceId].owner != address(0)) revert DeviceAlreadyRegistered(deviceId);
        _devices[deviceId] = Device(msg.sender, uint64(block.timestamp), sigKey);
        emit DeviceRegistered(deviceId, msg.sender, sigKey);
        _audit(Phases.REGISTER, keccak256(abi.encode(deviceId, sigKey)));
    }

    /// @notice The role of `account` (0 if unregistered).
    function roleOf(address account) external view returns (uint8) {
        return _parties[account].role;
    }

    /// @notice The registration of `account` (role 0 if unregistered).
    function partyOf(address account) external view returns (Party memory) {
        return _parties[account];
    }

    /// @notice The registration of device `deviceId` (owner zero if unregistered).
    function deviceOf(bytes32 deviceId) external view returns (Device memory) {
        return _devices[deviceId];
    }

    function _register(address account, uint8 role, bytes calldata preKey, bytes calldata sigKey) private {
        if (_parties[account].role != 0) revert AlreadyRegistered(account);
        _parties[account] = Party(role, uint64(block.timestamp), preKey, sigKey);
        emit PartyRegistered(account, role, preKey, sigKey);
        _audit(Phases.REGISTER, keccak256(abi.encode(account, role, preKey, sigKey)));
    }
}
