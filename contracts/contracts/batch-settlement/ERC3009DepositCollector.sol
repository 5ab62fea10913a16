// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDepositCollector} from "./IDepositCollector.sol";

/// @dev EIP-3009's `receiveWithAuthorization` with a `bytes` signature (USDC v2.2, EIP-1271 wallets included).
interface IERC3009Receive {
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) external;
}

/**
 * @title ERC3009DepositCollector
 * @notice Deposits into `batch-settlement` channels from an EIP-3009 `ReceiveWithAuthorization` that the payer signed
 * to this contract (scheme_batch_settlement_evm.md, "Channel creation and deposits"). The authorization's nonce is
 * `keccak256(abi.encode(channelId, salt))`, so it can fund only the channel it names; `collectorData` is
 * `abi.encode(uint256 validAfter, uint256 validBefore, uint256 salt, bytes signature)`.
 * @dev Canonical address 0x4020806089470a89826cB9fB1f4059150b550004. Only the escrow at its canonical address may
 * call `collect`: anyone else could otherwise redirect a signed deposit to itself. No state, no immutables, so the
 * runtime code can be placed with `hardhat_setCode`.
 */
contract ERC3009DepositCollector is IDepositCollector {
    using SafeERC20 for IERC20;

    /// @notice The escrow that this collector serves (its canonical CREATE2 address).
    address public constant BATCH_SETTLEMENT = 0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003;

    /// @dev The caller is not the escrow.
    error OnlyBatchSettlement();

    /// @inheritdoc IDepositCollector
    function collect(address payer, address token, uint256 amount, bytes32 channelId, bytes calldata data) external {
        if (msg.sender != BATCH_SETTLEMENT) revert OnlyBatchSettlement();
        (uint256 validAfter, uint256 validBefore, uint256 salt, bytes memory signature) =
            abi.decode(data, (uint256, uint256, uint256, bytes));
        bytes32 nonce = keccak256(abi.encode(channelId, salt));
        IERC3009Receive(token).receiveWithAuthorization(
            payer, address(this), amount, validAfter, validBefore, nonce, signature
        );
        IERC20(token).safeTransfer(msg.sender, amount);
    }
}
