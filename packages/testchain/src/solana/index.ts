export { blockhashLifetimeSlots, type SolanaLedger } from "./createSolanaLedger.js";
export { solanaRpcMethodNames } from "./createSolanaRpcMethods.js";
export {
  type DeriveSolanaTestAccountsParameters,
  type DeriveSolanaTestAccountsReturnType,
  deriveSolanaTestAccounts,
  type SolanaTestAccount,
  solanaTestSeed,
} from "./deriveSolanaTestAccounts.js";
export { SolanaRpcError } from "./SolanaRpcError.js";
export {
  type StartSolanaTestChainParameters,
  type StartSolanaTestChainReturnType,
  startSolanaTestChain,
} from "./startSolanaTestChain.js";
export type { SolanaTestChain, SolanaTestChainAccounts, SolanaTestToken } from "./types.js";
