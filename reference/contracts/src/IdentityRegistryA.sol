// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Administered} from "./Administered.sol";
import {AuditLog} from "./AuditLog.sol";
import {Phases} from "./Phases.sol";
import {G2Possession} from "./G2Possession.sol";
import {
    AlreadyRegistered,
    InvalidRole,
    KeyAlreadyBound,
    KeyComponentMismatch,
    BadKeyLength,
    NotRegisteredPatient,
    DeviceAlreadyRegistered
} from "./Errors.sol";

/// @notice Chain A's identities: secp256k1 Ethereum accounts. An account's own transaction
/// signature authenticates it; the registry binds it to a role and to its public keys.
/// The registrar (admin) registers hospitals and firewalls (accounts only: their transactions are
/// their proof of possession); patients register themselves and their devices, each key with a
/// proof of possession checked here and bound to this chain, this contract and the registering
/// account, so a public key copied from someone else's registration cannot be registered again.
contract IdentityRegistryA is Administered, AuditLog {
    uint8 public constant PATIENT = 1;
    uint8 public constant HOSPITAL = 2;
    uint8 public constant FIREWALL = 3;
    /// Bytes of a PRE public key Z^a1 ‖ g2^a2 (GT 288 ‖ compressed G2 96).
    uint256 public constant PRE_KEY_BYTES = 384;
    uint256 private constant GT_BYTES = 288;
    bytes32 public constant DEVICE_PURPOSE = keccak256("MedExChain/v1/device-key");
    bytes32 public constant PRE_PURPOSE = keccak256("MedExChain/v1/pre-key");

    struct Party {
        uint8 role;
        uint64 registeredAt;
        bytes preKey; // PRE public key (patients)
        bytes sigKey; // an additional signature key, scheme per role (may be empty)
    }

    struct Device {
        address owner; // the patient the device belongs to
        uint64 registeredAt;
        bytes sigKey; // the device's signature public key (BLS, compressed G2)
    }

    /// `gtPossession` is the Schnorr proof for the whole PRE key (pre-possession.ts); the EVM has no
    /// GT arithmetic, so it is checked off chain (firewall, committee, auditor), while the G2 half
    /// of the key is checked here.
    event PartyRegistered(address indexed account, uint8 indexed role, bytes preKey, bytes sigKey, bytes gtPossession);
    event DeviceRegistered(bytes32 indexed deviceId, address indexed owner, bytes sigKey);

    mapping(address => Party) private _parties;
    mapping(bytes32 => Device) private _devices;
    /// keccak256 of a key component → the account that registered it: no component twice.
    mapping(bytes32 => address) private _componentOwner;

    /// @notice The registrar registers a hospital or a firewall account.
    function registerParty(address account, uint8 role) external onlyAdmin {
        if (role != HOSPITAL && role != FIREWALL) revert InvalidRole(role);
        _register(account, role, "", "", "");
    }

    /// @notice A patient registers her own account with her PRE public key `preKey` = Z^a1 ‖ g2^a2:
    /// `g2a2` is its G2 half uncompressed (EIP-2537 form), `possession` the on-chain proof for it,
    /// `gtPossession` the proof for the whole key (checked off chain).
    function registerPatient(bytes calldata preKey, bytes calldata g2a2, bytes calldata possession, bytes calldata gtPossession)
        external
    {
        if (preKey.length != PRE_KEY_BYTES) revert BadKeyLength(preKey.length, PRE_KEY_BYTES);
        if (keccak256(G2Possession.compress(g2a2)) != keccak256(preKey[GT_BYTES:])) revert KeyComponentMismatch(keccak256(preKey));
        G2Possession.check(g2a2, possession, G2Possession.context(msg.sender, PRE_PURPOSE));
        _bindComponent(keccak256(preKey[:GT_BYTES]));
        _bindComponent(keccak256(preKey[GT_BYTES:]));
        _register(msg.sender, PATIENT, preKey, "", gtPossession);
    }

    /// @notice A registered patient registers one of her devices by its BLS public key (uncompressed
    /// G2), with the device's proof of possession bound to her account. The device id is derived:
    /// keccak256 of the compressed key.
    function registerDevice(bytes calldata devicePk, bytes calldata possession) external returns (bytes32 deviceId) {
        if (_parties[msg.sender].role != PATIENT) revert NotRegisteredPatient(msg.sender);
        bytes memory sigKey = G2Possession.compress(devicePk);
        deviceId = keccak256(sigKey);
        if (_devices[deviceId].owner != address(0)) revert DeviceAlreadyRegistered(deviceId);
        G2Possession.check(devicePk, possession, G2Possession.context(msg.sender, DEVICE_PURPOSE));
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

    /// @notice The account that registered the key component with hash `componentHash` (zero if none).
    function ownerOfComponent(bytes32 componentHash) external view returns (address) {
        return _componentOwner[componentHash];
    }

    /// @notice The possession-proof context of `account`'s key for `purpose` (what its proofs sign).
    function possessionContext(address account, bytes32 purpose) external view returns (bytes32) {
        return G2Possession.context(account, purpose);
    }

    function _bindComponent(bytes32 h) private {
        if (_componentOwner[h] != address(0)) revert KeyAlreadyBound(h);
        _componentOwner[h] = msg.sender;
    }

    function _register(address account, uint8 role, bytes memory preKey, bytes memory sigKey, bytes memory gtPossession) private {
        if (_parties[account].role != 0) revert AlreadyRegistered(account);
        _parties[account] = Party(role, uint64(block.timestamp), preKey, sigKey);
        emit PartyRegistered(account, role, preKey, sigKey, gtPossession);
        _audit(Phases.REGISTER, keccak256(abi.encode(account, role, preKey, sigKey, gtPossession)));
    }
}
