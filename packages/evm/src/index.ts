export { eip1271Abi, eip1271MagicValue, eip3009Abi } from "./abis.js";
export {
  type ExactEvmClientErrorType,
  type ExactEvmClientParameters,
  type ExactEvmClientReturnType,
  exactEvmClient,
} from "./client/exactEvmClient.js";
export {
  type ExactEvmSigner,
  type SignEip3009AuthorizationParameters,
  type SignEip3009AuthorizationReturnType,
  signEip3009Authorization,
} from "./client/signEip3009Authorization.js";
export { eip3009Types } from "./eip3009Types.js";
export { ExactEvmError, type ExactEvmErrorCode } from "./errors/ExactEvmError.js";
export type { ExactEvmFacilitatorNetwork } from "./facilitator/createNetworkContexts.js";
export {
  type CreateNonceManagerParameters,
  type CreateNonceManagerReturnType,
  createNonceManager,
  type NonceManager,
  type NonceManagerKey,
  type NonceReservation,
} from "./facilitator/createNonceManager.js";
export {
  type ExactEvmFacilitatorErrorType,
  type ExactEvmFacilitatorParameters,
  type ExactEvmFacilitatorReturnType,
  exactEvmFacilitator,
} from "./facilitator/exactEvmFacilitator.js";
export { exactEvmSettlementKey } from "./facilitator/exactEvmSettlementKey.js";
export { isTransportError } from "./facilitator/isTransportError.js";
export type { EvmClient, FacilitatorSigner } from "./facilitator/types.js";
export {
  type ExactEvmServerErrorType,
  type ExactEvmServerParameters,
  type ExactEvmServerReturnType,
  exactEvmServer,
} from "./server/exactEvmServer.js";
export { type ExactEvmAsset, knownUsdcDeployments } from "./server/knownUsdcDeployments.js";
export {
  type BuildTokenDomainParameters,
  type BuildTokenDomainReturnType,
  buildTokenDomain,
} from "./utils/buildTokenDomain.js";
export {
  type Eip3009TypedDataParameters,
  type Eip3009TypedDataReturnType,
  eip3009TypedData,
} from "./utils/eip3009TypedData.js";
export { isHighS } from "./utils/isHighS.js";
export { nowSeconds } from "./utils/nowSeconds.js";
export {
  type Eip3009AuthorizationValues,
  parseEip3009Authorization,
} from "./utils/parseEip3009Authorization.js";
export {
  type AssetTransferMethod,
  type ExactEvmRequirements,
  type ParseExactEvmRequirementsReturnType,
  parseExactEvmRequirements,
} from "./utils/parseExactEvmRequirements.js";
export { randomBytes32 } from "./utils/randomBytes32.js";
export { type SplitSignatureReturnType, splitSignature } from "./utils/splitSignature.js";
export {
  type ValidityWindowParameters,
  type ValidityWindowReturnType,
  validAfterSkewSeconds,
  validityWindow,
} from "./utils/validityWindow.js";
