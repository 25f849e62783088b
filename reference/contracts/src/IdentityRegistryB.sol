// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Administered} from "./Administered.sol";
import {AuditLog} from "./AuditLog.sol";
import {Phases} from "./Phases.sol";
import {G2Possession} from "./G2Possession.sol";
import {AlreadyRegistered, KeyAlreadyBound, KeyComponentMismatch, BadKeyLength, EmptyKey} from "./Errors.sol";

/// @notice A hospital's keys as the registrar submits them, with their proofs of possession.
struct HospitalKeys {
    bytes32 ed25519Key;
    bytes preKey; // Z^b1 ‖ g2^b2, 384 bytes
    bytes g2b2; // g2^b2 uncompressed (EIP-2537), checked against preKey
    bytes possession; // Schnorr proof for g2^b2, checked here (G2Possession)
    bytes gtPossession; // Schnorr proof for the whole PRE key, checked off chain by the registrar
    bytes ed25519Possession; // Ed25519 signature on G2Possession.context(account, ED25519_PURPOSE), checked off chain by the registrar
}

/// @notice Chain B's identities: Ed25519 public keys. The EVM cannot verify Ed25519 cheaply, so the
/// registrar binds each hospital's Ed25519 key (and PRE key) to the secp256k1 account that pays its
/// gas; Ed25519 signatures are stored on chain and verified off-chain by whoever relies on them.
/// The G2 half of the PRE key (the one re-encryptions are made for) carries a proof of possession
/// checked here and bound to this chain, this contract and the hospital's account; no PRE key
/// component and no Ed25519 key is bound twice.
contract IdentityRegistryB is Administered, AuditLog {
    uint256 public constant PRE_KEY_BYTES = 384;
    uint256 private constant GT_BYTES = 288;
    bytes32 public constant PRE_PURPOSE = keccak256("MedExChain/v1/pre-key");
    bytes32 public constant ED25519_PURPOSE = keccak256("MedExChain/v1/ed25519-key");

    struct Hospital {
        bytes32 ed25519Key;
        uint64 registeredAt;
        bytes preKey; // PRE public key deliveries are re-encrypted to
        string name;
    }

    event HospitalRegistered(
        address indexed account, bytes32 indexed ed25519Key, bytes preKey, string name, bytes gtPossession, bytes ed25519Possession
    );

    mapping(address => Hospital) private _hospitals;
    mapping(bytes32 => address) private _accountOfKey;
    mapping(bytes32 => address) private _componentOwner;

    /// @notice The registrar binds a hospital's Ed25519 and PRE keys to its gas account.
    function registerHospital(address account, HospitalKeys calldata k, string calldata name) external onlyAdmin {
        if (k.ed25519Key == bytes32(0) || k.preKey.length == 0) revert EmptyKey();
        if (k.preKey.length != PRE_KEY_BYTES) revert BadKeyLength(k.preKey.length, PRE_KEY_BYTES);
        if (_hospitals[account].ed25519Key != bytes32(0)) revert AlreadyRegistered(account);
        if (_accountOfKey[k.ed25519Key] != address(0)) revert KeyAlreadyBound(k.ed25519Key);
        if (keccak256(G2Possession.compress(k.g2b2)) != keccak256(k.preKey[GT_BYTES:])) revert KeyComponentMismatch(keccak256(k.preKey));
        G2Possession.check(k.g2b2, k.possession, G2Possession.context(account, PRE_PURPOSE));
        _bindComponent(keccak256(k.preKey[:GT_BYTES]), account);
        _bindComponent(keccak256(k.preKey[GT_BYTES:]), account);
        _hospitals[account] = Hospital(k.ed25519Key, uint64(block.timestamp), k.preKey, name);
        _accountOfKey[k.ed25519Key] = account;
        emit HospitalRegistered(account, k.ed25519Key, k.preKey, name, k.gtPossession, k.ed25519Possession);
        _audit(Phases.REGISTER, keccak256(abi.encode(account, k.ed25519Key, k.preKey, name, k.gtPossession, k.ed25519Possession)));
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

    /// @notice The possession-proof context of `account`'s key for `purpose` (what its proofs sign).
    function possessionContext(address account, bytes32 purpose) external view returns (bytes32) {
        return G2Possession.context(account, purpose);
    }

    function _bindComponent(bytes32 h, address account) private {
        if (_componentOwner[h] != address(0)) revert KeyAlreadyBound(h);
        _componentOwner[h] = account;
    }
}
