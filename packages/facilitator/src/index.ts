export { type CreateMemoryStoreReturnType, createMemoryStore } from "@x402kit/core";
export { FacilitatorConfigError } from "./errors/FacilitatorConfigError.js";
export { FacilitatorStoreError, type FacilitatorStoreErrorCode } from "./errors/FacilitatorStoreError.js";
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
export {
  type CreateFacilitatorServerErrorType,
  type CreateFacilitatorServerParameters,
  type CreateFacilitatorServerReturnType,
  createFacilitatorServer,
  type FacilitatorServer,
  type FacilitatorServerListenParameters,
  type RunningFacilitatorServer,
} from "./server/createFacilitatorServer.js";
export {
  type CreateSqliteStoreErrorType,
  type CreateSqliteStoreParameters,
  type CreateSqliteStoreReturnType,
  createSqliteStore,
  type SqliteStore,
} from "./store/createSqliteStore.js";
