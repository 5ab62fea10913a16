// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/**
 * @title IDepositCollector
 * @notice How `X402BatchSettlement.deposit` pulls a payer's tokens: it calls `collect` on the collector that the
 * depositor names, and counts what arrived in its own balance. A collector turns one kind of signed authorization
 * (EIP-3009, Permit2) into a transfer to the escrow.
 */
interface IDepositCollector {
    /**
     * @notice Moves `amount` of `token` from `payer` to the caller (the escrow), for channel `channelId`.
     * @param data The collector's own encoding of the payer's authorization.
     */
    function collect(address payer, address token, uint256 amount, bytes32 channelId, bytes calldata data) external;
}
