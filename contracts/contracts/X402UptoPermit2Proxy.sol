// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ISignatureTransfer} from "./interfaces/ISignatureTransfer.sol";
import {X402Permit2ProxyBase} from "./permit2/X402Permit2ProxyBase.sol";

/**
 * @title X402UptoPermit2Proxy
 * @notice The spender of x402 `upto` payments (scheme_upto_evm.md). The payer signs `PermitWitnessTransferFrom`
 * for a maximum (`permitted.amount`) with this contract as spender and the witness
 * `Witness(address to,address facilitator,uint256 validAfter)`. Only that facilitator may settle, for any amount up
 * to the maximum, and only to `witness.to`. Settling 0 moves nothing and leaves the nonce unused.
 * @dev Canonical address 0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002. The ABI of `settle` and `settleWithPermit`
 * matches the one that x402 facilitators call.
 */
contract X402UptoPermit2Proxy is X402Permit2ProxyBase {
    /// @notice The witness that the payer signs: recipient, the one facilitator allowed to settle, earliest time.
    struct Witness {
        address to;
        address facilitator;
        uint256 validAfter;
    }

    /// @notice Permit2's `witnessTypeString`: the rest of the signed type after `...uint256 deadline,`.
    string public constant WITNESS_TYPE_STRING =
        "Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,address facilitator,uint256 validAfter)";

    /// @notice EIP-712 type hash of `Witness`.
    bytes32 public constant WITNESS_TYPEHASH =
        keccak256("Witness(address to,address facilitator,uint256 validAfter)");

    /// @dev `amount` is above the signed maximum.
    error AmountExceedsPermitted();
    /// @dev The caller is not the facilitator named in the witness.
    error UnauthorizedFacilitator();

    /// @notice Settles `amount` (at most `permit.permitted.amount`) with an existing Permit2 allowance.
    function settle(
        ISignatureTransfer.PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external {
        if (_authorize(permit, amount, witness)) _settle(permit, amount, owner, witness, signature);
        emit Settled();
    }

    /**
     * @notice Submits the payer's EIP-2612 permit (token -> Permit2 allowance) and settles `amount`, in one
     * transaction (extensions/eip2612_gas_sponsoring.md).
     */
    function settleWithPermit(
        EIP2612Permit calldata permit2612,
        ISignatureTransfer.PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external {
        if (_authorize(permit, amount, witness)) {
            _permit2612(permit.permitted.token, owner, permit2612, permit.permitted.amount);
            _settle(permit, amount, owner, witness, signature);
        }
        emit SettledWithPermit();
    }

    /// @dev Checks the caller and the amount; false when there is nothing to move (amount 0).
    function _authorize(ISignatureTransfer.PermitTransferFrom calldata permit, uint256 amount, Witness calldata witness)
        private
        view
        returns (bool)
    {
        if (msg.sender != witness.facilitator) revert UnauthorizedFacilitator();
        if (amount > permit.permitted.amount) revert AmountExceedsPermitted();
        return amount != 0;
    }

    function _settle(
        ISignatureTransfer.PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) private {
        bytes32 witnessHash =
            keccak256(abi.encode(WITNESS_TYPEHASH, witness.to, witness.facilitator, witness.validAfter));
        _transfer(permit, owner, witness.to, witness.validAfter, amount, witnessHash, WITNESS_TYPE_STRING, signature);
    }
}
