// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ERC3009} from "@openzeppelin/contracts/token/ERC20/extensions/draft-ERC3009.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/**
 * @title MockUSDC
 * @notice A test stand-in for Circle's USDC (FiatToken v2.2): 6 decimals, EIP-2612 permit and EIP-3009
 * transfer/receive/cancel with authorization, in both the (v,r,s) and the `bytes signature` forms. The bytes
 * forms accept EIP-1271 signatures from contract wallets (SignatureChecker), as USDC v2.2 does.
 * @dev The EIP-712 name and version are constructor arguments (USDC uses "USD Coin"/"2" on Base mainnet and
 * "USDC"/"2" on Base Sepolia). Time bounds are strict and timestamp-only, as in USDC:
 * `validAfter < block.timestamp < validBefore`. `mint` is open to anyone: this is a test token.
 */
contract MockUSDC is ERC20, ERC3009, IERC20Permit, Nonces {
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    /// @dev The permit's deadline has passed.
    error ERC2612ExpiredSignature(uint256 deadline);

    /// @dev The permit was not signed by `owner`.
    error ERC2612InvalidSigner(address signer, address owner);

    constructor(string memory name_, string memory version_) ERC20(name_, "USDC") EIP712(name_, version_) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice The EIP-712 domain version (USDC exposes it as `version()`).
    function version() external view returns (string memory) {
        return _EIP712Version();
    }

    /// @notice Mints `amount` to `to`. Open to anyone: test token.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    // ---------------------------------------------------------------- EIP-3009, bytes-signature overloads

    /// @notice EIP-3009 transfer with a `bytes` signature: ECDSA for EOAs, EIP-1271 for contract wallets.
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) external {
        bytes32 hash = _hashTypedDataV4(
            keccak256(abi.encode(TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce))
        );
        require(SignatureChecker.isValidSignatureNow(from, hash, signature), ERC3009InvalidSignature());
        _transferWithAuthorization(from, to, value, validAfter, validBefore, nonce);
    }

    /// @notice EIP-3009 receive with a `bytes` signature; the caller must be the payee.
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) external {
        bytes32 hash = _hashTypedDataV4(
            keccak256(abi.encode(RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce))
        );
        require(SignatureChecker.isValidSignatureNow(from, hash, signature), ERC3009InvalidSignature());
        require(to == _msgSender(), ERC20InvalidReceiver(to));
        _transferWithAuthorization(from, to, value, validAfter, validBefore, nonce);
    }

    /// @notice EIP-3009 cancel with a `bytes` signature.
    function cancelAuthorization(address authorizer, bytes32 nonce, bytes memory signature) external {
        bytes32 hash = _hashTypedDataV4(keccak256(abi.encode(CANCEL_AUTHORIZATION_TYPEHASH, authorizer, nonce)));
        require(SignatureChecker.isValidSignatureNow(authorizer, hash, signature), ERC3009InvalidSignature());
        _cancelAuthorization(authorizer, nonce);
    }

    /// @dev USDC semantics: timestamps only, strict on both ends. (OpenZeppelin's draft also has a block-number
    /// mode selected by bit 47 of both bounds; USDC has no such mode, so it is dropped here.)
    function _checkValidity(uint256 validAfter, uint256 validBefore) internal view override {
        require(
            block.timestamp > validAfter && block.timestamp < validBefore,
            ERC3009InvalidAuthorizationTime(validAfter, validBefore)
        );
    }

    // ---------------------------------------------------------------- EIP-2612

    /// @inheritdoc IERC20Permit
    function permit(
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        if (block.timestamp > deadline) revert ERC2612ExpiredSignature(deadline);
        bytes32 hash = _permitHash(owner, spender, value, deadline);
        address signer = ECDSA.recover(hash, v, r, s);
        if (signer != owner) revert ERC2612InvalidSigner(signer, owner);
        _approve(owner, spender, value);
    }

    /// @notice EIP-2612 permit with a `bytes` signature: ECDSA for EOAs, EIP-1271 for contract wallets (USDC v2.2).
    function permit(address owner, address spender, uint256 value, uint256 deadline, bytes memory signature) external {
        if (block.timestamp > deadline) revert ERC2612ExpiredSignature(deadline);
        bytes32 hash = _permitHash(owner, spender, value, deadline);
        if (!SignatureChecker.isValidSignatureNow(owner, hash, signature)) revert ERC2612InvalidSigner(address(0), owner);
        _approve(owner, spender, value);
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(IERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc IERC20Permit
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function _permitHash(address owner, address spender, uint256 value, uint256 deadline) private returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, _useNonce(owner), deadline)));
    }
}
