export {
  type DeriveTestAccountsParameters,
  type DeriveTestAccountsReturnType,
  deriveTestAccounts,
  testMnemonic,
} from "./accounts/deriveTestAccounts.js";
export { TestChainError } from "./errors/TestChainError.js";
export {
  type StartTestChainParameters,
  type StartTestChainReturnType,
  startTestChain,
} from "./startTestChain.js";
export type {
  DeployParameters,
  TestAccount,
  TestChain,
  TestChainAccounts,
  TestChainBatchSettlement,
  TestChainPermit2,
  TestChainToken,
  TestChainWithPermit2,
} from "./types.js";
export { type WatchBalancesReturnType, watchBalances } from "./watchBalances.js";
