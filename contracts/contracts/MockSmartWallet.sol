// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @title MockSmartWallet
 * @notice A minimal EIP-1271 contract wallet owned by one EOA. A signature is valid iff it is the owner's ECDSA
 * signature over the hash itself (no ERC-7739 wrapping): to pay with EIP-3009, the owner signs the token's
 * typed data with `from` set to this wallet's address. The wallet can hold tokens and ETH, and the owner can make
 * it call anything (for example `approve`).
 */
contract MockSmartWallet is IERC1271 {
    address public immutable owner;

    /// @dev Only the owner may do this.
    error MockSmartWalletUnauthorized(address caller);

    constructor(address owner_) {
        owner = owner_;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(hash, signature);
        return err == ECDSA.RecoverError.NoError && recovered == owner ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }

    /// @notice Calls `target` with `value` and `data` on the owner's behalf; bubbles up reverts.
    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        if (msg.sender != owner) revert MockSmartWalletUnauthorized(msg.sender);
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        return result;
    }

    receive() external payable {}
}
