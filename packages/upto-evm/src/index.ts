export { permit2NonceBitmapAbi, uptoPermit2ProxyAbi } from "./abis.js";
export {
  type Eip2612GasSponsoringInfo,
  type SignEip2612GasSponsoringParameters,
  signEip2612GasSponsoring,
} from "./client/signEip2612GasSponsoring.js";
export {
  type SignUptoPermit2AuthorizationParameters,
  type SignUptoPermit2AuthorizationReturnType,
  signUptoPermit2Authorization,
} from "./client/signUptoPermit2Authorization.js";
export {
  type UptoEvmClientErrorType,
  type UptoEvmClientParameters,
  type UptoEvmClientReturnType,
  uptoEvmClient,
} from "./client/uptoEvmClient.js";
export { permit2Address, uptoPermit2ProxyAddress } from "./constants.js";
export { UptoEvmError, type UptoEvmErrorCode } from "./errors/UptoEvmError.js";
export {
  type UptoEvmFacilitatorErrorType,
  type UptoEvmFacilitatorParameters,
  type UptoEvmFacilitatorReturnType,
  uptoEvmFacilitator,
} from "./facilitator/uptoEvmFacilitator.js";
export { uptoEvmSettlementKey } from "./facilitator/uptoEvmSettlementKey.js";
export {
  type UptoEvmExtra,
  type UptoEvmPayload,
  type UptoPermit2Authorization,
  uptoEvmExtraSchema,
  uptoEvmPayloadSchema,
  uptoPermit2AuthorizationSchema,
  uptoWitnessSchema,
} from "./schemas.js";
export {
  type PrepareUptoSettlementErrorType,
  type PrepareUptoSettlementParameters,
  type PrepareUptoSettlementReturnType,
  prepareUptoSettlement,
} from "./server/prepareUptoSettlement.js";
export {
  type FacilitatorDirectory,
  type ResolveFacilitatorAddressParameters,
  resolveFacilitatorAddress,
} from "./server/resolveFacilitatorAddress.js";
export {
  type UptoEvmServerErrorType,
  type UptoEvmServerParameters,
  type UptoEvmServerReturnType,
  uptoEvmServer,
} from "./server/uptoEvmServer.js";
export {
  type ParseUptoEvmRequirementsReturnType,
  parseUptoEvmRequirements,
  type UptoEvmRequirements,
} from "./utils/parseUptoEvmRequirements.js";
export {
  parseUptoPermit2Authorization,
  type UptoPermit2AuthorizationValues,
} from "./utils/parseUptoPermit2Authorization.js";
export {
  type UptoPermit2TypedDataParameters,
  type UptoPermit2TypedDataReturnType,
  uptoPermit2TypedData,
} from "./utils/uptoPermit2TypedData.js";
export { uptoPermit2Types } from "./utils/uptoPermit2Types.js";
