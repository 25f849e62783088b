// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {StaleTimestamp, FutureTimestamp} from "./Errors.sol";

/// @notice Timestamps signed off-chain must lie within a window of this chain's own clock. The
/// chains keep different clocks, so a small future skew is tolerated.
abstract contract Freshness {
    uint64 public constant MAX_CLOCK_SKEW = 120;
    /// @notice How long (seconds) a signed timestamp stays acceptable, and a request stays answerable.
    uint64 public immutable freshnessWindow;

    constructor(uint64 window) {
        freshnessWindow = window;
    }

    function _checkFresh(uint64 timestamp) internal view {
        uint64 nowTs = uint64(block.timestamp);
        if (timestamp > nowTs + MAX_CLOCK_SKEW) revert FutureTimestamp(timestamp, nowTs);
        if (uint256(timestamp) + freshnessWindow < nowTs) revert StaleTimestamp(timestamp, nowTs);
    }
}
