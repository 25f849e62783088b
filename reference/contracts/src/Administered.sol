// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {NotAdmin} from "./Errors.sol";

/// @notice The deploying account is the chain's registrar: the one party allowed to configure the contract.
abstract contract Administered {
    address public immutable admin;

    constructor() {
        admin = msg.sender;
    }

    modifier onlyAdmin() {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        _;
    }
}
