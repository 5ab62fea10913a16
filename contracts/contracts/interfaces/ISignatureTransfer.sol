// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/**
 * @title ISignatureTransfer
 * @notice The part of Uniswap's canonical Permit2 (SignatureTransfer) that the x402 proxies call: a one-time
 * transfer authorised by an EIP-712 signature over `PermitWitnessTransferFrom`, with a witness of the spender's own
 * type appended to the signed struct.
 */
interface ISignatureTransfer {
    /// @notice The token and the maximum amount that the signature allows to move.
    struct TokenPermissions {
        address token;
        uint256 amount;
    }

    /// @notice The signed permit: what may move, a one-time (unordered) nonce, and the expiry.
    struct PermitTransferFrom {
        TokenPermissions permitted;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice Chosen by the spender at transfer time: the recipient and an amount up to `permitted.amount`.
    struct SignatureTransferDetails {
        address to;
        uint256 requestedAmount;
    }

    /**
     * @notice Moves `transferDetails.requestedAmount` of `permit.permitted.token` from `owner` to
     * `transferDetails.to` if `owner` signed `permit` for `msg.sender` with the witness `witness` (the EIP-712 hash
     * of the spender's witness struct, typed by `witnessTypeString`). Consumes the nonce.
     */
    function permitWitnessTransferFrom(
        PermitTransferFrom calldata permit,
        SignatureTransferDetails calldata transferDetails,
        address owner,
        bytes32 witness,
        string calldata witnessTypeString,
        bytes calldata signature
    ) external;
}
