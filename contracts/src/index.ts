export {
  mockSmartWalletAbi,
  mockSmartWalletBytecode,
  mockSmartWalletDeployedBytecode,
} from "./generated/MockSmartWallet.js";
export { mockUsdcAbi, mockUsdcBytecode, mockUsdcDeployedBytecode } from "./generated/MockUSDC.js";
