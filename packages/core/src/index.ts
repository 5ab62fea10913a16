export {
  type SelectionPolicy,
  type SelectRequirementsParameters,
  type SelectRequirementsReturnType,
  selectRequirements,
} from "./client/selectRequirements.js";
export {
  type CreatePaymentEngineErrorType,
  type CreatePaymentEngineParameters,
  createPaymentEngine,
  type PaymentEngine,
} from "./engine/createPaymentEngine.js";
export {
  type LogPaymentEventsParameters,
  type LogPaymentEventsReturnType,
  logPaymentEvents,
} from "./engine/logPaymentEvents.js";
export { paymentEngineConfigSchema } from "./engine/paymentEngineConfigSchema.js";
export type * from "./engine/types.js";
export { FacilitatorError, type FacilitatorErrorCode } from "./errors/FacilitatorError.js";
export { X402Error } from "./errors/X402Error.js";
export {
  type CompleteDiscoveryParameters,
  completeDiscovery,
} from "./extensions/bazaar/completeDiscovery.js";
export {
  type DeclareDiscoveryErrorType,
  type DeclareDiscoveryParameters,
  type DeclareDiscoveryReturnType,
  type DiscoveryMethod,
  type DiscoveryOutput,
  declareDiscovery,
} from "./extensions/bazaar/declareDiscovery.js";
export {
  type DeclareMcpDiscoveryErrorType,
  type DeclareMcpDiscoveryParameters,
  declareMcpDiscovery,
} from "./extensions/bazaar/declareMcpDiscovery.js";
export type { SchemaLike } from "./extensions/bazaar/toJsonSchema.js";
export {
  type CreateSignInChallengeErrorType,
  type CreateSignInChallengeParameters,
  type CreateSignInChallengeReturnType,
  createSignInChallenge,
} from "./extensions/signInWithX/createSignInChallenge.js";
export {
  type CreateSignInWithXHeaderParameters,
  type CreateSignInWithXHeaderReturnType,
  createSignInWithXHeader,
} from "./extensions/signInWithX/createSignInWithXHeader.js";
export {
  type SignInWithXAccessErrorType,
  type SignInWithXAccessParameters,
  type SignInWithXAccessReturnType,
  signInWithXAccess,
} from "./extensions/signInWithX/signInWithXAccess.js";
export type {
  SignInChallenge,
  SignInSigner,
  SignInVerification,
  SignInVerifier,
} from "./extensions/signInWithX/types.js";
export {
  type SignInWithXRefusal,
  type VerifySignInWithXParameters,
  type VerifySignInWithXReturnType,
  verifySignInWithX,
} from "./extensions/signInWithX/verifySignInWithX.js";
export {
  type CreateFacilitatorClientParameters,
  type CreateFacilitatorClientReturnType,
  createFacilitatorClient,
  type FacilitatorClientErrorType,
} from "./facilitator/createFacilitatorClient.js";
export {
  type CreateMemoryStoreErrorType,
  type CreateMemoryStoreReturnType,
  createMemoryStore,
} from "./facilitator/createMemoryStore.js";
export {
  compareDiscoveredResources,
  discoverySearchText,
  discoverySearchWords,
  matchesDiscoveryFilters,
} from "./facilitator/discoverySearch.js";
export { type GetNodeHttpFetchReturnType, getNodeHttpFetch } from "./facilitator/getNodeHttpFetch.js";
export {
  isReplayedSettlement,
  markReplayedSettlement,
  refuseRepeatedSettlement,
} from "./facilitator/replayedSettlement.js";
export type * from "./facilitator/store.js";
export {
  isChannelStore,
  isDiscoveryStore,
  isEntitlementStore,
  isRetentionStore,
} from "./facilitator/store.js";
export type { FacilitatorLike } from "./facilitator/types.js";
export { moneyToAtomic } from "./pricing/moneyToAtomic.js";
export {
  type AssetAmount,
  type ParsedPrice,
  type ParsePriceErrorType,
  type Price,
  PriceError,
  parsePrice,
} from "./pricing/parsePrice.js";
export { createSchemeRegistry, type SchemeRegistry } from "./registry/createSchemeRegistry.js";
export type * from "./schemes/types.js";
export { type CompiledRoute, compileRoutes, findRoute } from "./server/compileRoutes.js";
export {
  type CreateResourceServerErrorType,
  type CreateResourceServerParameters,
  createResourceServer,
  type ResourceServer,
} from "./server/createResourceServer.js";
export { readDeliveryToken } from "./server/readDeliveryToken.js";
export { renderPaywall } from "./server/renderPaywall.js";
export {
  canonicalJson,
  type RequirementsMatchOptions,
  requirementsMatch,
} from "./server/requirementsMatch.js";
export type * from "./server/types.js";
export {
  deliveryTokenExtension,
  type SettleRequestWithDeliveryToken,
  withDeliveryToken,
} from "./server/withDeliveryToken.js";
export { payloadFromV1 } from "./versions/payloadFromV1.js";
export { requirementsFromV1 } from "./versions/requirementsFromV1.js";
export { requirementsToV1 } from "./versions/requirementsToV1.js";
