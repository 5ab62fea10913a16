// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ISignatureTransfer} from "./interfaces/ISignatureTransfer.sol";
import {X402Permit2ProxyBase} from "./permit2/X402Permit2ProxyBase.sol";

/**
 * @title X402ExactPermit2Proxy
 * @notice The spender of x402 `exact` payments made through Permit2 (scheme_exact_evm.md, assetTransferMethod
 * "permit2"). The payer signs `PermitWitnessTransferFrom` with this contract as spender and the witness
 * `Witness(address to,uint256 validAfter)`; the proxy always moves the full permitted amount to `witness.to`, so
 * whoever submits the transaction can neither redirect the funds nor change the amount.
 * @dev Canonical address 0x402085c248EeA27D92E8b30b2C58ed07f9E20001. The ABI of `settle` and `settleWithPermit`
 * matches the one that x402 facilitators call.
 */
contract X402ExactPermit2Proxy is X402Permit2ProxyBase {
    /// @notice The witness that the payer signs: the recipient and the earliest settlement time.
    struct Witness {
        address to;
        uint256 validAfter;
    }

    /// @notice Permit2's `witnessTypeString`: the rest of the signed type after `...uint256 deadline,`.
    string public constant WITNESS_TYPE_STRING =
        "Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,uint256 validAfter)";

    /// @notice EIP-712 type hash of `Witness`.
    bytes32 public constant WITNESS_TYPEHASH = keccak256("Witness(address to,uint256 validAfter)");

    /// @notice Settles with an existing Permit2 allowance (the payer approved Permit2 on the token).
    function settle(
        ISignatureTransfer.PermitTransferFrom calldata permit,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external {
        _settle(permit, owner, witness, signature);
        emit Settled();
    }

    /**
     * @notice Submits the payer's EIP-2612 permit (token -> Permit2 allowance) and settles, in one transaction
     * (extensions/eip2612_gas_sponsoring.md).
     */
    function settleWithPermit(
        EIP2612Permit calldata permit2612,
        ISignatureTransfer.PermitTransferFrom calldata permit,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external {
        _permit2612(permit.permitted.token, owner, permit2612, permit.permitted.amount);
        _settle(permit, owner, witness, signature);
        emit SettledWithPermit();
    }

    function _settle(
        ISignatureTransfer.PermitTransferFrom calldata permit,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) private {
        if (permit.permitted.amount == 0) revert InvalidAmount();
        bytes32 witnessHash = keccak256(abi.encode(WITNESS_TYPEHASH, witness.to, witness.validAfter));
        _transfer(
            permit,
            owner,
            witness.to,
            witness.validAfter,
            permit.permitted.amount,
            witnessHash,
            WITNESS_TYPE_STRING,
            signature
        );
    }
}
