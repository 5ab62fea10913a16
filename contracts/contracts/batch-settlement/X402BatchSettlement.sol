// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDepositCollector} from "./IDepositCollector.sol";

/**
 * @title X402BatchSettlement
 * @notice The escrow of the x402 `batch-settlement` scheme on EVM (scheme_batch_settlement_evm.md): unidirectional
 * payment channels with cumulative vouchers. A payer deposits once; each request carries a voucher
 * `Voucher(channelId, maxClaimableAmount)` signed by the payer's authorizer; the receiver side claims the latest
 * voucher of many channels in one transaction (accounting only) and sweeps what it earned with `settle`. Refunds
 * return unclaimed escrow at once with the receiver side's consent; a timed withdrawal is the payer's escape hatch.
 *
 * Invariant: for every channel `totalClaimed <= balance`; the payer's part is `balance - totalClaimed`, and the
 * escrow holds `sum(balance - totalClaimed) + sum(receivers' totalClaimed - totalSettled)` of each token.
 *
 * @dev Canonical address 0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003; the ABI of every function that x402 clients,
 * servers and facilitators call matches theirs. No immutables and no constructor: the EIP-712 domain separator is
 * computed from constants, `block.chainid` and `address(this)`, so the runtime code works when placed with
 * `hardhat_setCode`. Uses transient storage (EIP-1153) for the reentrancy guard.
 */
contract X402BatchSettlement is Multicall, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    // ------------------------------------------------------------------------------------------------ types

    /// @notice The immutable terms of a channel; its id is this struct's EIP-712 hash.
    struct ChannelConfig {
        address payer;
        address payerAuthorizer;
        address receiver;
        address receiverAuthorizer;
        address token;
        uint40 withdrawDelay;
        bytes32 salt;
    }

    /// @notice A payer-signed cumulative ceiling for one channel.
    struct Voucher {
        ChannelConfig channel;
        uint128 maxClaimableAmount;
    }

    /// @notice One row of a claim: the voucher, its signature, and the channel's new cumulative claimed amount.
    struct VoucherClaim {
        Voucher voucher;
        bytes signature;
        uint128 totalClaimed;
    }

    struct Channel {
        uint128 balance;
        uint128 totalClaimed;
    }

    struct PendingWithdrawal {
        uint128 amount;
        uint40 initiatedAt;
    }

    struct ReceiverAccount {
        uint128 totalClaimed;
        uint128 totalSettled;
    }

    // ------------------------------------------------------------------------------------------------ EIP-712

    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("x402 Batch Settlement");
    bytes32 private constant VERSION_HASH = keccak256("1");

    bytes32 public constant CHANNEL_CONFIG_TYPEHASH = keccak256(
        "ChannelConfig(address payer,address payerAuthorizer,address receiver,address receiverAuthorizer,address token,uint40 withdrawDelay,bytes32 salt)"
    );
    bytes32 public constant VOUCHER_TYPEHASH = keccak256("Voucher(bytes32 channelId,uint128 maxClaimableAmount)");
    bytes32 public constant REFUND_TYPEHASH = keccak256("Refund(bytes32 channelId,uint256 nonce,uint128 amount)");
    bytes32 public constant CLAIM_ENTRY_TYPEHASH =
        keccak256("ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)");
    bytes32 public constant CLAIM_BATCH_TYPEHASH = keccak256(
        "ClaimBatch(ClaimEntry[] claims)ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)"
    );

    /// @notice Bounds of `withdrawDelay`: 15 minutes to 30 days.
    uint40 public constant MIN_WITHDRAW_DELAY = 15 minutes;
    uint40 public constant MAX_WITHDRAW_DELAY = 30 days;

    // ------------------------------------------------------------------------------------------------ state

    mapping(bytes32 channelId => Channel) public channels;
    mapping(bytes32 channelId => PendingWithdrawal) public pendingWithdrawals;
    /// @notice The nonce that the next `refundWithSignature` of a channel must carry.
    mapping(bytes32 channelId => uint256) public refundNonce;
    mapping(address receiver => mapping(address token => ReceiverAccount)) public receivers;

    // ------------------------------------------------------------------------------------------------ events

    event ChannelCreated(bytes32 indexed channelId, ChannelConfig config);
    event ChannelClosed(bytes32 indexed channelId, ChannelConfig config);
    event Deposited(bytes32 indexed channelId, address indexed collector, uint128 amount, uint128 balance);
    event Claimed(bytes32 indexed channelId, address indexed receiver, uint128 amount, uint128 totalClaimed);
    event Settled(address indexed receiver, address indexed token, address indexed sender, uint128 amount);
    event WithdrawInitiated(bytes32 indexed channelId, uint128 amount, uint40 initiatedAt);
    event WithdrawFinalized(bytes32 indexed channelId, uint128 amount);
    event Refunded(bytes32 indexed channelId, uint256 nonce, uint128 amount);

    // ------------------------------------------------------------------------------------------------ errors

    error ZeroAmount();
    error InvalidChannelConfig();
    error WithdrawDelayOutOfRange(uint40 withdrawDelay);
    error DepositNotReceived(uint256 received, uint256 expected);
    error NoClaims();
    error Unauthorized();
    error AuthorizerMismatch();
    error InvalidAuthorizerSignature();
    error InvalidVoucherSignature(bytes32 channelId);
    error ClaimExceedsVoucher(bytes32 channelId, uint128 totalClaimed, uint128 maxClaimableAmount);
    error ClaimExceedsBalance(bytes32 channelId, uint128 totalClaimed, uint128 balance);
    error InvalidRefundNonce(uint256 expected, uint256 given);
    error WithdrawExceedsAvailable(uint128 amount, uint128 available);
    error WithdrawAlreadyPending();
    error NoPendingWithdrawal();
    error WithdrawNotReady(uint256 readyAt);

    // ------------------------------------------------------------------------------------------------ deposit

    /**
     * @notice Deposits `amount` into the channel of `config`, pulled from the payer by `collector` (which checks the
     * payer's authorization). Anyone may relay it. Creates the channel on its first deposit.
     */
    function deposit(ChannelConfig calldata config, uint128 amount, address collector, bytes calldata collectorData)
        external
        nonReentrant
    {
        if (amount == 0) revert ZeroAmount();
        _checkConfig(config);
        bytes32 channelId = getChannelId(config);
        IERC20 token = IERC20(config.token);
        uint256 before = token.balanceOf(address(this));
        IDepositCollector(collector).collect(config.payer, config.token, amount, channelId, collectorData);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert DepositNotReceived(received, amount);

        Channel storage channel = channels[channelId];
        bool created = channel.balance == 0 && channel.totalClaimed == 0;
        channel.balance += amount;
        if (created) emit ChannelCreated(channelId, config);
        emit Deposited(channelId, collector, amount, channel.balance);
    }

    // ------------------------------------------------------------------------------------------------ claims

    /// @notice Claims vouchers; the caller must be the receiver or the receiver authorizer of every row's channel.
    function claim(VoucherClaim[] calldata voucherClaims) external nonReentrant {
        if (voucherClaims.length == 0) revert NoClaims();
        for (uint256 i; i < voucherClaims.length; ++i) {
            ChannelConfig calldata config = voucherClaims[i].voucher.channel;
            if (msg.sender != config.receiver && msg.sender != config.receiverAuthorizer) revert Unauthorized();
            _claim(voucherClaims[i], getChannelId(config));
        }
    }

    /**
     * @notice Claims vouchers with the receiver authorizer's EIP-712 `ClaimBatch` signature; anyone may relay it.
     * Every row must name the same receiver authorizer.
     */
    function claimWithSignature(VoucherClaim[] calldata voucherClaims, bytes calldata authorizerSignature)
        external
        nonReentrant
    {
        uint256 count = voucherClaims.length;
        if (count == 0) revert NoClaims();
        address authorizer = voucherClaims[0].voucher.channel.receiverAuthorizer;
        bytes32[] memory channelIds = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            if (voucherClaims[i].voucher.channel.receiverAuthorizer != authorizer) revert AuthorizerMismatch();
            channelIds[i] = getChannelId(voucherClaims[i].voucher.channel);
        }
        bytes32 digest = _hashTypedData(_claimBatchStructHash(voucherClaims, channelIds));
        if (!SignatureChecker.isValidSignatureNow(authorizer, digest, authorizerSignature)) {
            revert InvalidAuthorizerSignature();
        }
        for (uint256 i; i < count; ++i) {
            _claim(voucherClaims[i], channelIds[i]);
        }
    }

    /**
     * @dev Raises a channel's `totalClaimed` to the row's value. A row at or below the current total credits
     * nothing (claims are cumulative: a replayed or superseded claim is a no-op, and one batch's stale row does not
     * sink the others). A row above the voucher or the channel's balance reverts the whole call.
     */
    function _claim(VoucherClaim calldata row, bytes32 channelId) private {
        ChannelConfig calldata config = row.voucher.channel;
        uint128 maxClaimable = row.voucher.maxClaimableAmount;
        uint128 total = row.totalClaimed;
        Channel storage channel = channels[channelId];
        if (total > maxClaimable) revert ClaimExceedsVoucher(channelId, total, maxClaimable);
        if (total > channel.balance) revert ClaimExceedsBalance(channelId, total, channel.balance);
        _checkVoucher(config, channelId, maxClaimable, row.signature);
        uint128 previous = channel.totalClaimed;
        if (total <= previous) return;
        uint128 amount = total - previous;
        channel.totalClaimed = total;
        receivers[config.receiver][config.token].totalClaimed += amount;
        emit Claimed(channelId, config.receiver, amount, total);
    }

    // ------------------------------------------------------------------------------------------------ settle

    /// @notice Transfers everything claimed and not yet settled for `receiver` in `token` to it. Permissionless.
    function settle(address receiver, address token) external nonReentrant {
        ReceiverAccount storage account = receivers[receiver][token];
        uint128 amount = account.totalClaimed - account.totalSettled;
        account.totalSettled = account.totalClaimed;
        if (amount > 0) IERC20(token).safeTransfer(receiver, amount);
        emit Settled(receiver, token, msg.sender, amount);
    }

    // ------------------------------------------------------------------------------------------------ withdrawal

    /**
     * @notice Starts a timed withdrawal of `amount` (at most the unclaimed escrow) by the payer or its authorizer.
     * The receiver side may still claim vouchers until `finalizeWithdraw`.
     */
    function initiateWithdraw(ChannelConfig calldata config, uint128 amount) external nonReentrant {
        _onlyPayer(config);
        if (amount == 0) revert ZeroAmount();
        bytes32 channelId = getChannelId(config);
        Channel storage channel = channels[channelId];
        uint128 available = channel.balance - channel.totalClaimed;
        if (amount > available) revert WithdrawExceedsAvailable(amount, available);
        PendingWithdrawal storage pending = pendingWithdrawals[channelId];
        if (pending.initiatedAt != 0) revert WithdrawAlreadyPending();
        pending.amount = amount;
        pending.initiatedAt = uint40(block.timestamp);
        emit WithdrawInitiated(channelId, amount, uint40(block.timestamp));
    }

    /**
     * @notice Completes a withdrawal once `withdrawDelay` has passed since it started, paying the payer at most what
     * is still unclaimed.
     */
    function finalizeWithdraw(ChannelConfig calldata config) external nonReentrant {
        _onlyPayer(config);
        bytes32 channelId = getChannelId(config);
        PendingWithdrawal memory pending = pendingWithdrawals[channelId];
        if (pending.initiatedAt == 0) revert NoPendingWithdrawal();
        uint256 readyAt = uint256(pending.initiatedAt) + config.withdrawDelay;
        if (block.timestamp < readyAt) revert WithdrawNotReady(readyAt);
        delete pendingWithdrawals[channelId];
        Channel storage channel = channels[channelId];
        uint128 available = channel.balance - channel.totalClaimed;
        uint128 amount = pending.amount < available ? pending.amount : available;
        channel.balance -= amount;
        if (amount > 0) IERC20(config.token).safeTransfer(config.payer, amount);
        emit WithdrawFinalized(channelId, amount);
        _closeIfDrained(config, channelId, channel, amount);
    }

    // ------------------------------------------------------------------------------------------------ refunds

    /// @notice Returns up to `amount` of unclaimed escrow to the payer; by the receiver or its authorizer.
    function refund(ChannelConfig calldata config, uint128 amount) external nonReentrant {
        if (msg.sender != config.receiver && msg.sender != config.receiverAuthorizer) revert Unauthorized();
        _refund(config, getChannelId(config), amount);
    }

    /**
     * @notice Returns up to `amount` of unclaimed escrow to the payer with the receiver authorizer's EIP-712
     * `Refund(channelId, nonce, amount)` signature; anyone may relay it. `nonce` must be the channel's `refundNonce`.
     */
    function refundWithSignature(
        ChannelConfig calldata config,
        uint128 amount,
        uint256 nonce,
        bytes calldata receiverAuthorizerSignature
    ) external nonReentrant {
        bytes32 channelId = getChannelId(config);
        uint256 expected = refundNonce[channelId];
        if (nonce != expected) revert InvalidRefundNonce(expected, nonce);
        bytes32 digest = getRefundDigest(channelId, nonce, amount);
        if (!SignatureChecker.isValidSignatureNow(config.receiverAuthorizer, digest, receiverAuthorizerSignature)) {
            revert InvalidAuthorizerSignature();
        }
        _refund(config, channelId, amount);
    }

    /**
     * @dev The nonce advances first, whatever moves: a direct `refund` invalidates a pre-signed one, and a refund
     * with nothing left to return still uses its nonce. A pending withdrawal shrinks by what was refunded, and is
     * cancelled when the refund covers it.
     */
    function _refund(ChannelConfig calldata config, bytes32 channelId, uint128 amount) private {
        if (amount == 0) revert ZeroAmount();
        uint256 nonce = refundNonce[channelId]++;
        Channel storage channel = channels[channelId];
        uint128 available = channel.balance - channel.totalClaimed;
        uint128 refunded = amount < available ? amount : available;
        if (refunded == 0) return;
        channel.balance -= refunded;
        PendingWithdrawal storage pending = pendingWithdrawals[channelId];
        if (pending.initiatedAt != 0) {
            if (refunded >= pending.amount) delete pendingWithdrawals[channelId];
            else pending.amount -= refunded;
        }
        IERC20(config.token).safeTransfer(config.payer, refunded);
        emit Refunded(channelId, nonce, refunded);
        _closeIfDrained(config, channelId, channel, refunded);
    }

    // ------------------------------------------------------------------------------------------------ views

    /// @notice The channel id: the EIP-712 hash of `config` under this contract's domain.
    function getChannelId(ChannelConfig calldata config) public view returns (bytes32) {
        return _hashTypedData(
            keccak256(
                abi.encode(
                    CHANNEL_CONFIG_TYPEHASH,
                    config.payer,
                    config.payerAuthorizer,
                    config.receiver,
                    config.receiverAuthorizer,
                    config.token,
                    config.withdrawDelay,
                    config.salt
                )
            )
        );
    }

    function getVoucherDigest(bytes32 channelId, uint128 maxClaimableAmount) public view returns (bytes32) {
        return _hashTypedData(keccak256(abi.encode(VOUCHER_TYPEHASH, channelId, maxClaimableAmount)));
    }

    function getRefundDigest(bytes32 channelId, uint256 nonce, uint128 amount) public view returns (bytes32) {
        return _hashTypedData(keccak256(abi.encode(REFUND_TYPEHASH, channelId, nonce, amount)));
    }

    function getClaimBatchDigest(VoucherClaim[] calldata voucherClaims) external view returns (bytes32) {
        bytes32[] memory channelIds = new bytes32[](voucherClaims.length);
        for (uint256 i; i < voucherClaims.length; ++i) {
            channelIds[i] = getChannelId(voucherClaims[i].voucher.channel);
        }
        return _hashTypedData(_claimBatchStructHash(voucherClaims, channelIds));
    }

    /// @notice The EIP-712 domain separator of this deployment (name "x402 Batch Settlement", version "1").
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    // ------------------------------------------------------------------------------------------------ internals

    function _hashTypedData(bytes32 structHash) private view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", DOMAIN_SEPARATOR(), structHash));
    }

    function _claimBatchStructHash(VoucherClaim[] calldata voucherClaims, bytes32[] memory channelIds)
        private
        pure
        returns (bytes32)
    {
        bytes32[] memory entries = new bytes32[](voucherClaims.length);
        for (uint256 i; i < voucherClaims.length; ++i) {
            entries[i] = keccak256(
                abi.encode(
                    CLAIM_ENTRY_TYPEHASH,
                    channelIds[i],
                    voucherClaims[i].voucher.maxClaimableAmount,
                    voucherClaims[i].totalClaimed
                )
            );
        }
        return keccak256(abi.encode(CLAIM_BATCH_TYPEHASH, keccak256(abi.encodePacked(entries))));
    }

    /// @dev ECDSA against a committed payer authorizer; EIP-1271 (or ECDSA) against the payer when it is zero.
    function _checkVoucher(ChannelConfig calldata config, bytes32 channelId, uint128 maxClaimable, bytes calldata sig)
        private
        view
    {
        bytes32 digest = getVoucherDigest(channelId, maxClaimable);
        bool valid;
        if (config.payerAuthorizer != address(0)) {
            (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(digest, sig);
            valid = error == ECDSA.RecoverError.NoError && recovered == config.payerAuthorizer;
        } else {
            valid = SignatureChecker.isValidSignatureNowCalldata(config.payer, digest, sig);
        }
        if (!valid) revert InvalidVoucherSignature(channelId);
    }

    function _checkConfig(ChannelConfig calldata config) private pure {
        if (
            config.payer == address(0) || config.receiver == address(0) || config.receiverAuthorizer == address(0)
                || config.token == address(0)
        ) revert InvalidChannelConfig();
        if (config.withdrawDelay < MIN_WITHDRAW_DELAY || config.withdrawDelay > MAX_WITHDRAW_DELAY) {
            revert WithdrawDelayOutOfRange(config.withdrawDelay);
        }
    }

    function _onlyPayer(ChannelConfig calldata config) private view {
        if (msg.sender != config.payer && (config.payerAuthorizer == address(0) || msg.sender != config.payerAuthorizer))
        {
            revert Unauthorized();
        }
    }

    /// @dev `ChannelClosed` when a channel that never had a claim gives its last unit back.
    function _closeIfDrained(ChannelConfig calldata config, bytes32 channelId, Channel storage channel, uint128 moved)
        private
    {
        if (moved > 0 && channel.balance == 0 && channel.totalClaimed == 0) emit ChannelClosed(channelId, config);
    }
}
