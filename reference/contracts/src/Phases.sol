// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice Audit-log phase codes shared by every chain, so the auditor can match steps across chains.
library Phases {
    uint8 internal constant SETUP = 0; // committee or peer configuration
    uint8 internal constant REGISTER = 1; // a party, key or device registered
    uint8 internal constant ANCHOR = 2; // a PHR record anchored on chain A
    uint8 internal constant REQUEST = 3; // HB filed a request on chain B
    uint8 internal constant REQUEST_ACCEPTED = 4; // the relayed request accepted on chain A
    uint8 internal constant GRANT = 5; // the patient granted on chain A
    uint8 internal constant REFUSE = 6; // the patient refused on chain A
    uint8 internal constant REENCRYPT = 7; // the relay logged its re-encryption on chain A
    uint8 internal constant DELIVER = 8; // the relayed delivery accepted on chain B
    uint8 internal constant ACK = 9; // HB acknowledged on chain B
    uint8 internal constant RELAY = 10; // the committee recorded a carried message on the relay chain
}
