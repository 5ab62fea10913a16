// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/**
 * @title MockERC20Permit
 * @notice A plain ERC-20 with 6 decimals and EIP-2612 `permit`, and no EIP-3009: a token that x402 can only move
 * through Permit2. The EIP-712 domain is `{name, version: "1", chainId, verifyingContract}` (OpenZeppelin's
 * ERC20Permit). `mint` is open to anyone: this is a test token.
 */
contract MockERC20Permit is ERC20, ERC20Permit {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) ERC20Permit(name_) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice The EIP-712 domain version ("1").
    function version() external view returns (string memory) {
        return _EIP712Version();
    }

    /// @notice Mints `amount` to `to`. Open to anyone: test token.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
