export {
  type CreatePostgresStoreErrorType,
  type CreatePostgresStoreParameters,
  type CreatePostgresStoreReturnType,
  createPostgresStore,
  type PostgresStore,
} from "./createPostgresStore.js";
export { PostgresStoreError, type PostgresStoreErrorCode } from "./PostgresStoreError.js";
export type {
  AcquireSignerLeaseParameters,
  AcquireSignerLeaseReturnType,
  ReleaseSignerLeaseParameters,
  RenewSignerLeaseParameters,
  SignerLeaseStore,
} from "./signerLeases.js";
