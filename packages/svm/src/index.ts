export {
  type ExactSvmClientErrorType,
  type ExactSvmClientParameters,
  type ExactSvmClientReturnType,
  exactSvmClient,
} from "./client/exactSvmClient.js";
export {
  computeBudgetProgramAddress,
  defaultComputeUnitLimit,
  defaultComputeUnitPriceMicroLamports,
  defaultMaxComputeUnitPriceMicroLamports,
  defaultMaxComputeUnits,
  knownUsdcMints,
  lighthouseProgramAddress,
  maxMemoBytes,
  memoProgramAddress,
  publicRpcUrls,
  solanaNetworks,
  token2022ProgramAddress,
  tokenProgramAddress,
} from "./constants.js";
export { ExactSvmError, type ExactSvmErrorCode } from "./errors/ExactSvmError.js";
export {
  type CreateSignatureWatcherParameters,
  createSignatureWatcher,
  type SignatureWaitParameters,
  type SignatureWaitReturnType,
  type SignatureWatcher,
} from "./facilitator/createSignatureWatcher.js";
export {
  type CreateSvmNetworkContextsParameters,
  createSvmNetworkContexts,
  type ExactSvmFacilitatorNetwork,
} from "./facilitator/createSvmNetworkContexts.js";
export {
  type ExactSvmFacilitatorErrorType,
  type ExactSvmFacilitatorParameters,
  type ExactSvmFacilitatorReturnType,
  exactSvmFacilitator,
} from "./facilitator/exactSvmFacilitator.js";
export { exactSvmSettlementKey } from "./facilitator/exactSvmSettlementKey.js";
export {
  type ExactSvmTerms,
  type ExactSvmTransfer,
  type InspectExactSvmTransactionParameters,
  type InspectExactSvmTransactionReturnType,
  inspectExactSvmTransaction,
} from "./facilitator/inspectExactSvmTransaction.js";
export {
  type ResolveExactSvmBroadcastParameters,
  resolveExactSvmBroadcast,
} from "./facilitator/resolveExactSvmBroadcast.js";
export type { SvmFacilitatorSettings, SvmFeePayer, SvmNetworkContext } from "./facilitator/types.js";
export {
  type ExactSvmSettlement,
  type VerifyExactSvmPaymentParameters,
  type VerifyExactSvmPaymentReturnType,
  verifyExactSvmPayment,
} from "./facilitator/verifyExactSvmPayment.js";
export {
  type ExactSvmAsset,
  type ExactSvmServerErrorType,
  type ExactSvmServerParameters,
  type ExactSvmServerReturnType,
  exactSvmServer,
} from "./server/exactSvmServer.js";
export {
  type FacilitatorDirectory,
  type ResolveFeePayerParameters,
  resolveFeePayer,
} from "./server/resolveFeePayer.js";
export {
  type DecodedSvmTransaction,
  decodeSvmTransaction,
  type SvmInstruction,
} from "./utils/decodeSvmTransaction.js";
export { isSolanaNetwork } from "./utils/isSolanaNetwork.js";
