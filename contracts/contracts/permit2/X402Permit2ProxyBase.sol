// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ISignatureTransfer} from "../interfaces/ISignatureTransfer.sol";

/**
 * @title X402Permit2ProxyBase
 * @notice What the exact and upto x402 Permit2 proxies share: the canonical Permit2 address, the EIP-2612 leg of
 * `settleWithPermit`, the checks on owner, recipient and `validAfter`, and the Permit2 call.
 * @dev No constructor state and no immutables: the proxies are placed at their canonical addresses with
 * `hardhat_setCode` (runtime code only), so Permit2's address is a constant. No reentrancy guard either: the
 * proxies hold no funds and no state, and Permit2 consumes the nonce before it calls the token.
 */
abstract contract X402Permit2ProxyBase {
    /// @notice Uniswap's canonical Permit2, at the same address on every chain.
    ISignatureTransfer public constant PERMIT2 = ISignatureTransfer(0x000000000022D473030F116dDEE9F6B43aC78BA3);

    /// @notice An EIP-2612 permit (owner -> Permit2) submitted with `settleWithPermit`.
    struct EIP2612Permit {
        uint256 value;
        uint256 deadline;
        bytes32 r;
        bytes32 s;
        uint8 v;
    }

    /// @notice Emitted by `settle`.
    event Settled();

    /// @notice Emitted by `settleWithPermit`.
    event SettledWithPermit();

    /// @dev The permit moves nothing.
    error InvalidAmount();
    /// @dev The witness names no recipient.
    error InvalidDestination();
    /// @dev No owner.
    error InvalidOwner();
    /// @dev `block.timestamp < witness.validAfter`.
    error PaymentTooEarly();
    /// @dev The EIP-2612 permit approves Permit2 for less than the Permit2 permit moves.
    error Permit2612AmountMismatch();

    /**
     * @dev Submits the owner's EIP-2612 permit (spender = Permit2) to the token. A failing `permit` is ignored: it
     * may already have been used (by a front-runner, or an earlier attempt), and Permit2 reverts anyway if the
     * allowance is missing.
     */
    function _permit2612(address token, address owner, EIP2612Permit calldata permit2612, uint256 permitted)
        internal
    {
        if (permit2612.value < permitted) revert Permit2612AmountMismatch();
        try IERC20Permit(token).permit(
            owner, address(PERMIT2), permit2612.value, permit2612.deadline, permit2612.v, permit2612.r, permit2612.s
        ) {} catch {}
    }

    /**
     * @dev Moves `amount` to `to` through Permit2, which checks the owner's signature over the permit and the
     * witness (so `to` is the one the owner signed), the deadline and the nonce.
     */
    function _transfer(
        ISignatureTransfer.PermitTransferFrom calldata permit,
        address owner,
        address to,
        uint256 validAfter,
        uint256 amount,
        bytes32 witnessHash,
        string memory witnessTypeString,
        bytes calldata signature
    ) internal {
        if (owner == address(0)) revert InvalidOwner();
        if (to == address(0)) revert InvalidDestination();
        if (block.timestamp < validAfter) revert PaymentTooEarly();
        PERMIT2.permitWitnessTransferFrom(
            permit,
            ISignatureTransfer.SignatureTransferDetails({to: to, requestedAmount: amount}),
            owner,
            witnessHash,
            witnessTypeString,
            signature
        );
    }
}
