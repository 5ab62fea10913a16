export {
  erc3009DepositCollectorAddress,
  permit2DepositCollectorAddress,
  x402BatchSettlementAddress,
} from "./batchSettlement.js";
export {
  erc3009DepositCollectorAbi,
  erc3009DepositCollectorBytecode,
  erc3009DepositCollectorDeployedBytecode,
} from "./generated/ERC3009DepositCollector.js";
export {
  mockErc20PermitAbi,
  mockErc20PermitBytecode,
  mockErc20PermitDeployedBytecode,
} from "./generated/MockERC20Permit.js";
export {
  mockSmartWalletAbi,
  mockSmartWalletBytecode,
  mockSmartWalletDeployedBytecode,
} from "./generated/MockSmartWallet.js";
export { mockUsdcAbi, mockUsdcBytecode, mockUsdcDeployedBytecode } from "./generated/MockUSDC.js";
export { permit2RuntimeBytecode } from "./generated/Permit2.js";
export {
  permit2DepositCollectorAbi,
  permit2DepositCollectorBytecode,
  permit2DepositCollectorDeployedBytecode,
} from "./generated/Permit2DepositCollector.js";
export {
  x402BatchSettlementAbi,
  x402BatchSettlementBytecode,
  x402BatchSettlementDeployedBytecode,
} from "./generated/X402BatchSettlement.js";
export {
  x402BatchSettlerAbi,
  x402BatchSettlerBytecode,
  x402BatchSettlerDeployedBytecode,
} from "./generated/X402BatchSettler.js";
export {
  x402ExactPermit2ProxyAbi,
  x402ExactPermit2ProxyBytecode,
  x402ExactPermit2ProxyDeployedBytecode,
} from "./generated/X402ExactPermit2Proxy.js";
export {
  x402UptoPermit2ProxyAbi,
  x402UptoPermit2ProxyBytecode,
  x402UptoPermit2ProxyDeployedBytecode,
} from "./generated/X402UptoPermit2Proxy.js";
export {
  permit2Abi,
  permit2Address,
  x402ExactPermit2ProxyAddress,
  x402UptoPermit2ProxyAddress,
} from "./permit2.js";
