import { BaseError, ContractFunctionRevertedError } from "viem";

/** Runs `fn` and returns the custom error name it reverted with; throws if it did not revert with one. */
export async function revertName(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    const reverted =
      error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName)
      return reverted.data.errorName;
    throw error;
  }
  throw new Error("expected a revert");
}
