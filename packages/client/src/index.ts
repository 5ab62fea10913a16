export {
  type CreateSpendingGuardErrorType,
  type CreateSpendingGuardParameters,
  createSpendingGuard,
  type SpendingGuard,
  type SpendingLimits,
} from "./createSpendingGuard.js";
export {
  type CreateX402ClientErrorType,
  type CreateX402ClientParameters,
  createX402Client,
  type PaidAnswer,
  type PaymentEvent,
  type PaymentOutcome,
  type SchemeAnswer,
  type X402Client,
  type X402Payment,
} from "./createX402Client.js";
export {
  type DiscoveryFilters,
  type ListDiscoveryResourcesErrorType,
  type ListDiscoveryResourcesParameters,
  type ListDiscoveryResourcesReturnType,
  listDiscoveryResources,
} from "./discovery/listDiscoveryResources.js";
export type { DiscoveryRequestOptions } from "./discovery/requestDiscovery.js";
export {
  type SearchDiscoveryResourcesErrorType,
  type SearchDiscoveryResourcesParameters,
  type SearchDiscoveryResourcesReturnType,
  searchDiscoveryResources,
} from "./discovery/searchDiscoveryResources.js";
export { DiscoveryError, type DiscoveryErrorCode } from "./errors/DiscoveryError.js";
export {
  PaymentError,
  type PaymentErrorCode,
  type RejectedRequirements,
  type RejectionReason,
} from "./errors/PaymentError.js";
export { type SpendingLimit, SpendingLimitError } from "./errors/SpendingLimitError.js";
export {
  type GetPaymentReceiptParameters,
  type GetPaymentReceiptReturnType,
  getPaymentReceipt,
} from "./getPaymentReceipt.js";
export { type GetPaymentRequiredReturnType, getPaymentRequired } from "./getPaymentRequired.js";
export {
  type ParsePaymentRequiredParameters,
  type ParsePaymentRequiredReturnType,
  parsePaymentRequired,
} from "./parsePaymentRequired.js";
export { type FetchLike, type WrapFetchErrorType, type WrapFetchReturnType, wrapFetch } from "./wrapFetch.js";
