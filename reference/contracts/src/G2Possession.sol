// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BadPointEncoding, InvalidPossessionProof, PrecompileFailed} from "./Errors.sol";

/// @notice Proof of possession of a BLS12-381 G2 secret, checked with the EIP-2537 G2 multi-scalar
/// multiplication precompile (0x0e): a Schnorr proof (c, s) that the sender knows x with pk = g2^x,
/// where T = g2^s · pk^(−c) and c = keccak256(DOMAIN ‖ ctx ‖ pk ‖ T) mod r. `ctx` binds the proof to
/// the chain id, the contract, the account the key is registered to and the key's purpose, so a
/// proof copied from one registration verifies for no other. A Schnorr proof is used rather than a
/// BLS signature on the key because the EVM has no hash-to-curve: this costs one two-point MSM
/// (45,000 gas) and no pairing. The MSM precompile also checks pk is on the curve and in the
/// prime-order subgroup.
/// Keys arrive uncompressed in EIP-2537 form (x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1, each 16 zero bytes ‖ 48
/// bytes); `compress` gives the 96-byte ZCash form the rest of MedExChain names keys by.
library G2Possession {
    uint256 internal constant POINT_BYTES = 256;
    uint256 internal constant PROOF_BYTES = 64;
    uint256 internal constant R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001;
    bytes32 internal constant DOMAIN = keccak256("MedExChain/v1/g2-possession");
    address private constant G2MSM = address(0x0e);
    // (p − 1) / 2 split at 128 bits: a coordinate above it is the "larger" square root (flag bit 0x20).
    uint256 private constant HALF_HI = 0x0d0088f51cbff34d258dd3db21a5d66b;
    uint256 private constant HALF_LO = 0xb23ba5c279c2895fb39869507b587b120f55ffff58a9ffffdcff7fffffffd555;

    /// @notice The context a proof is bound to: this chain, the verifying contract, the account and purpose.
    function context(address account, bytes32 purpose) internal view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), account, purpose));
    }

    /// @notice Revert unless `proof` = c ‖ s proves knowledge of the discrete log of `pk` under `ctx`.
    function check(bytes calldata pk, bytes calldata proof, bytes32 ctx) internal view {
        if (pk.length != POINT_BYTES) revert BadPointEncoding(pk.length);
        if (proof.length != PROOF_BYTES) revert InvalidPossessionProof(keccak256(pk));
        uint256 c = uint256(bytes32(proof[0:32]));
        uint256 s = uint256(bytes32(proof[32:64]));
        if (c == 0 || c >= R || s >= R) revert InvalidPossessionProof(keccak256(pk));
        (bool ok, bytes memory t) = G2MSM.staticcall(abi.encodePacked(generator(), s, pk, R - c));
        if (!ok || t.length != POINT_BYTES) revert PrecompileFailed(G2MSM);
        if (uint256(keccak256(abi.encodePacked(DOMAIN, ctx, pk, t))) % R != c) revert InvalidPossessionProof(keccak256(pk));
    }

    /// @notice The 96-byte compressed form of an uncompressed G2 point: x.c1 ‖ x.c0 with the
    /// compression flag and the sign of y (lexicographic, c1 first) in the top bits.
    function compress(bytes calldata pk) internal pure returns (bytes memory out) {
        if (pk.length != POINT_BYTES) revert BadPointEncoding(pk.length);
        bytes calldata yc1 = pk[208:256];
        bytes calldata yc0 = pk[144:192];
        bool larger = _isZero(yc1) ? _aboveHalf(yc0) : _aboveHalf(yc1);
        out = abi.encodePacked(pk[80:128], pk[16:64]);
        out[0] = bytes1(uint8(out[0]) | 0x80 | (larger ? 0x20 : 0));
    }

    /// @dev g2, the fixed generator, in EIP-2537 form.
    function generator() internal pure returns (bytes memory) {
        return abi.encodePacked(
            hex"00000000000000000000000000000000024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8",
            hex"0000000000000000000000000000000013e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e",
            hex"000000000000000000000000000000000ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801",
            hex"000000000000000000000000000000000606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be"
        );
    }

    function _isZero(bytes calldata x) private pure returns (bool) {
        return uint128(bytes16(x[0:16])) == 0 && uint256(bytes32(x[16:48])) == 0;
    }

    function _aboveHalf(bytes calldata x) private pure returns (bool) {
        uint256 hi = uint128(bytes16(x[0:16]));
        uint256 lo = uint256(bytes32(x[16:48]));
        return hi > HALF_HI || (hi == HALF_HI && lo > HALF_LO);
    }
}
