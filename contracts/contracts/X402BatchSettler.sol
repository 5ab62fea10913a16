// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC3009} from "@openzeppelin/contracts/interfaces/draft-IERC3009.sol";

/**
 * @title X402BatchSettler
 * @notice Settles many EIP-3009 `transferWithAuthorization` payments (x402 `exact` scheme, assetTransferMethod
 * "eip3009") in one transaction. Each authorization is tried on its own: one that fails (used or cancelled nonce,
 * outside its time window, bad signature, insufficient balance, token without code) is reported with
 * {AuthorizationFailed} and does not revert the others.
 * @dev Stateless and holds no funds: the token moves value straight from `from` to `to`, as signed, and anyone
 * may call {settle}. Batching saves the 21,000 intrinsic gas of each transaction and re-uses warm storage slots
 * (the same payer or payee) across payments.
 */
contract X402BatchSettler {
    /// @notice One signed EIP-3009 `TransferWithAuthorization` on `token`.
    struct Authorization {
        IERC3009 token;
        address from;
        address to;
        uint256 value;
        uint256 validAfter;
        uint256 validBefore;
        bytes32 nonce;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice The authorization at `index` of the batch was not settled; `reason` is the token's revert data
    /// (empty when the token has no code).
    event AuthorizationFailed(
        uint256 indexed index,
        address indexed token,
        address indexed from,
        bytes32 nonce,
        bytes reason
    );

    /**
     * @notice Calls `token.transferWithAuthorization` for each item, in order.
     * @return ok `ok[i]` is true when item `i` was settled; false items emitted {AuthorizationFailed}.
     */
    function settle(Authorization[] calldata items) external returns (bool[] memory ok) {
        ok = new bool[](items.length);
        for (uint256 i = 0; i < items.length; ++i) {
            Authorization calldata a = items[i];
            // A call to an address without code would revert the whole batch before `try` can catch it.
            if (address(a.token).code.length == 0) {
                emit AuthorizationFailed(i, address(a.token), a.from, a.nonce, "");
                continue;
            }
            try
                a.token.transferWithAuthorization(a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, a.v, a.r, a.s)
            {
                ok[i] = true;
            } catch (bytes memory reason) {
                emit AuthorizationFailed(i, address(a.token), a.from, a.nonce, reason);
            }
        }
    }
}
