export { type CreateMemoryStoreReturnType, createMemoryStore } from "@x402kit/core";
export type { DiscoveryCatalog } from "./discovery/createDiscoveryCatalog.js";
export {
  type ValidateDiscoveryDeclarationReturnType,
  validateDiscoveryDeclaration,
} from "./discovery/validateDiscoveryDeclaration.js";
export { FacilitatorConfigError } from "./errors/FacilitatorConfigError.js";
export { FacilitatorSignerError } from "./errors/FacilitatorSignerError.js";
export { FacilitatorStoreError, type FacilitatorStoreErrorCode } from "./errors/FacilitatorStoreError.js";
export {
  type CheckSettlementPolicyParameters,
  type CheckSettlementPolicyReturnType,
  checkSettlementPolicy,
  type SettlementPolicy,
  type SettlementPolicyRefusal,
  type SettlementPolicyRequest,
} from "./facilitator/checkSettlementPolicy.js";
export {
  type CreateFacilitatorErrorType,
  type CreateFacilitatorParameters,
  type CreateFacilitatorReturnType,
  createFacilitator,
  type Facilitator,
  type FacilitatorHealth,
  type FacilitatorHealthCheck,
} from "./facilitator/createFacilitator.js";
export type { RecoverReturnType } from "./facilitator/createSettlementCoordinator.js";
export { type CreateApiKeyReturnType, createApiKey } from "./server/createApiKey.js";
export {
  type CreateFacilitatorServerErrorType,
  type CreateFacilitatorServerParameters,
  type CreateFacilitatorServerReturnType,
  createFacilitatorServer,
  type FacilitatorApiKey,
  type FacilitatorApiKeys,
  type FacilitatorLimits,
  type FacilitatorOpenRoute,
  type FacilitatorRateLimit,
  type FacilitatorServer,
  type FacilitatorServerListenParameters,
  type FacilitatorTimeouts,
  type RunningFacilitatorServer,
} from "./server/createFacilitatorServer.js";
export { type HashApiKeyReturnType, hashApiKey } from "./server/hashApiKey.js";
export {
  type CreateSignerPoolErrorType,
  type CreateSignerPoolParameters,
  type CreateSignerPoolReturnType,
  createSignerPool,
  type PoolSigner,
  type SignerPool,
  type SignerPoolStatus,
  type StartSignerPoolParameters,
} from "./signers/createSignerPool.js";
export { isSignerLeaseStore } from "./signers/isSignerLeaseStore.js";
export {
  type CreateSqliteStoreErrorType,
  type CreateSqliteStoreParameters,
  type CreateSqliteStoreReturnType,
  createSqliteStore,
  type SqliteStore,
} from "./store/createSqliteStore.js";
export type { FacilitatorTelemetry } from "./telemetry/createTelemetry.js";
