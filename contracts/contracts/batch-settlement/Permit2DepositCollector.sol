// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ISignatureTransfer} from "../interfaces/ISignatureTransfer.sol";
import {IDepositCollector} from "./IDepositCollector.sol";

/**
 * @title Permit2DepositCollector
 * @notice Deposits into `batch-settlement` channels from a Permit2 `PermitWitnessTransferFrom` that the payer signed
 * with this contract as spender and the witness `DepositWitness(bytes32 channelId)` (scheme_batch_settlement_evm.md,
 * "Channel creation and deposits": `permit2`, for any ERC-20). The witness binds the signature to one channel, and
 * `permitted.amount` is the deposit itself, so a deposit authorization funds only the channel and the amount it names.
 * `collectorData` is `abi.encode(uint256 nonce, uint256 deadline, bytes signature, bytes permit2612)`, where
 * `permit2612` is empty or `abi.encode(uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)`: the payer's
 * EIP-2612 permit that gives Permit2 its allowance first (the `eip2612GasSponsoring` extension).
 * @dev Canonical address 0x4020425FAf3B746C082C2f942b4E5159887B0005. Only the escrow at its canonical address may
 * call `collect`: anyone else could otherwise spend a signed deposit into a transfer of its own. The tokens go from
 * the payer straight to the escrow. No state, no immutables, so the runtime code can be placed with
 * `hardhat_setCode`.
 */
contract Permit2DepositCollector is IDepositCollector {
    /// @notice The escrow that this collector serves (its canonical CREATE2 address).
    address public constant BATCH_SETTLEMENT = 0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003;

    /// @notice Uniswap's canonical Permit2, at the same address on every chain.
    ISignatureTransfer public constant PERMIT2 = ISignatureTransfer(0x000000000022D473030F116dDEE9F6B43aC78BA3);

    /// @notice The EIP-712 type hash of the witness.
    bytes32 public constant DEPOSIT_WITNESS_TYPEHASH = keccak256("DepositWitness(bytes32 channelId)");

    /// @notice The witness type as Permit2 appends it to `PermitWitnessTransferFrom(...,`: the field, then the
    /// referenced types in alphabetical order (EIP-712 `encodeType`).
    string public constant WITNESS_TYPE_STRING =
        "DepositWitness witness)DepositWitness(bytes32 channelId)TokenPermissions(address token,uint256 amount)";

    /// @dev The caller is not the escrow.
    error OnlyBatchSettlement();
    /// @dev The EIP-2612 permit approves Permit2 for less than the deposit.
    error Permit2612AmountMismatch();

    /// @inheritdoc IDepositCollector
    function collect(address payer, address token, uint256 amount, bytes32 channelId, bytes calldata data) external {
        if (msg.sender != BATCH_SETTLEMENT) revert OnlyBatchSettlement();
        (uint256 nonce, uint256 deadline, bytes memory signature, bytes memory permit2612) =
            abi.decode(data, (uint256, uint256, bytes, bytes));
        if (permit2612.length != 0) _permit2612(token, payer, amount, permit2612);
        PERMIT2.permitWitnessTransferFrom(
            ISignatureTransfer.PermitTransferFrom({
                permitted: ISignatureTransfer.TokenPermissions({token: token, amount: amount}),
                nonce: nonce,
                deadline: deadline
            }),
            ISignatureTransfer.SignatureTransferDetails({to: msg.sender, requestedAmount: amount}),
            payer,
            keccak256(abi.encode(DEPOSIT_WITNESS_TYPEHASH, channelId)),
            WITNESS_TYPE_STRING,
            signature
        );
    }

    /**
     * @dev Submits the payer's EIP-2612 permit (spender = Permit2). A failing `permit` is ignored: it may have been
     * used already (an earlier attempt, a front-runner); Permit2 reverts anyway if the allowance is missing.
     */
    function _permit2612(address token, address payer, uint256 amount, bytes memory permit2612) private {
        (uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) =
            abi.decode(permit2612, (uint256, uint256, uint8, bytes32, bytes32));
        if (value < amount) revert Permit2612AmountMismatch();
        try IERC20Permit(token).permit(payer, address(PERMIT2), value, deadline, v, r, s) {} catch {}
    }
}
