import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  ExecutionRevertedError,
  RawContractError,
} from "viem";

/**
 * Whether a failed `eth_call` is the contract's own answer: a revert, or no data at all (no contract at the
 * address). Anything else (a transport failure, a node error) is not an answer about the payment.
 */
export function isContractRefusal(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false;
  return Boolean(
    error.walk(
      (cause) =>
        cause instanceof ExecutionRevertedError ||
        cause instanceof ContractFunctionRevertedError ||
        cause instanceof ContractFunctionZeroDataError ||
        cause instanceof RawContractError,
    ),
  );
}
