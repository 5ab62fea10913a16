/**
 * litesvm's transaction errors in the JSON form of Solana's JSON-RPC (`"BlockhashNotFound"`,
 * `{"InstructionError":[2,{"Custom":1}]}`). litesvm exposes the variants as numbers (its `const enum`s are not
 * available at run time), so the variant names are listed here in the runtime's order.
 */

const transactionErrors = [
  "AccountInUse",
  "AccountLoadedTwice",
  "AccountNotFound",
  "ProgramAccountNotFound",
  "InsufficientFundsForFee",
  "InvalidAccountForFee",
  "AlreadyProcessed",
  "BlockhashNotFound",
  "CallChainTooDeep",
  "MissingSignatureForFee",
  "InvalidAccountIndex",
  "SignatureFailure",
  "InvalidProgramForExecution",
  "SanitizeFailure",
  "ClusterMaintenance",
  "AccountBorrowOutstanding",
  "WouldExceedMaxBlockCostLimit",
  "UnsupportedVersion",
  "InvalidWritableAccount",
  "WouldExceedMaxAccountCostLimit",
  "WouldExceedAccountDataBlockLimit",
  "TooManyAccountLocks",
  "AddressLookupTableNotFound",
  "InvalidAddressLookupTableOwner",
  "InvalidAddressLookupTableData",
  "InvalidAddressLookupTableIndex",
  "InvalidRentPayingAccount",
  "WouldExceedMaxVoteCostLimit",
  "WouldExceedAccountDataTotalLimit",
  "MaxLoadedAccountsDataSizeExceeded",
  "ResanitizationNeeded",
  "InvalidLoadedAccountsDataSizeLimit",
  "UnbalancedTransaction",
  "ProgramCacheHitMaxLimit",
  "CommitCancelled",
] as const;

const instructionErrors = [
  "GenericError",
  "InvalidArgument",
  "InvalidInstructionData",
  "InvalidAccountData",
  "AccountDataTooSmall",
  "InsufficientFunds",
  "IncorrectProgramId",
  "MissingRequiredSignature",
  "AccountAlreadyInitialized",
  "UninitializedAccount",
  "UnbalancedInstruction",
  "ModifiedProgramId",
  "ExternalAccountLamportSpend",
  "ExternalAccountDataModified",
  "ReadonlyLamportChange",
  "ReadonlyDataModified",
  "DuplicateAccountIndex",
  "ExecutableModified",
  "RentEpochModified",
  "NotEnoughAccountKeys",
  "AccountDataSizeChanged",
  "AccountNotExecutable",
  "AccountBorrowFailed",
  "AccountBorrowOutstanding",
  "DuplicateAccountOutOfSync",
  "InvalidError",
  "ExecutableDataModified",
  "ExecutableLamportChange",
  "ExecutableAccountNotRentExempt",
  "UnsupportedProgramId",
  "CallDepth",
  "MissingAccount",
  "ReentrancyNotAllowed",
  "MaxSeedLengthExceeded",
  "InvalidSeeds",
  "InvalidRealloc",
  "ComputationalBudgetExceeded",
  "PrivilegeEscalation",
  "ProgramEnvironmentSetupFailure",
  "ProgramFailedToComplete",
  "ProgramFailedToCompile",
  "Immutable",
  "IncorrectAuthority",
  "AccountNotRentExempt",
  "InvalidAccountOwner",
  "ArithmeticOverflow",
  "UnsupportedSysvar",
  "IllegalOwner",
  "MaxAccountsDataAllocationsExceeded",
  "MaxAccountsExceeded",
  "MaxInstructionTraceLengthExceeded",
  "BuiltinProgramsMustConsumeComputeUnits",
  "BorshIoError",
] as const;

/** A transaction error as the JSON-RPC writes it. */
export type TransactionErrorJson = string | Record<string, unknown>;

type LiteSvmInstructionError = number | { code: number } | { msg: string };
type LiteSvmTransactionError =
  | number
  | { index: number; err(): LiteSvmInstructionError }
  | { index: number }
  | { accountIndex: number };

/** The JSON of one of litesvm's transaction errors (`FailedTransactionMetadata.err()`). */
export function transactionErrorJson(error: unknown): TransactionErrorJson {
  const value = error as LiteSvmTransactionError;
  if (typeof value === "number") return transactionErrors[value] ?? `TransactionError${value}`;
  const name = (error as { constructor?: { name?: string } }).constructor?.name ?? "";
  if ("err" in value && typeof value.err === "function")
    return { InstructionError: [value.index, instructionErrorJson(value.err())] };
  if ("index" in value) return { DuplicateInstruction: value.index };
  if ("accountIndex" in value)
    return name.includes("Restricted")
      ? { ProgramExecutionTemporarilyRestricted: { account_index: value.accountIndex } }
      : { InsufficientFundsForRent: { account_index: value.accountIndex } };
  return String(error);
}

function instructionErrorJson(error: LiteSvmInstructionError): unknown {
  if (typeof error === "number") return instructionErrors[error] ?? `InstructionError${error}`;
  if ("code" in error) return { Custom: error.code };
  return { BorshIoError: error.msg };
}
