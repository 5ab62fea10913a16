export { uptoPermit2ProxyAbi } from "./abis.js";
export {
  type UptoEvmClientErrorType,
  type UptoEvmClientParameters,
  type UptoEvmClientReturnType,
  uptoEvmClient,
} from "./client/uptoEvmClient.js";
export { uptoPermit2ProxyAddress, uptoPermit2WitnessType } from "./constants.js";
export { UptoEvmError, type UptoEvmErrorCode } from "./errors/UptoEvmError.js";
export {
  type EncodeUptoSettlementParameters,
  encodeUptoSettlement,
  type UptoPermit2AuthorizationValues,
} from "./facilitator/encodeUptoSettlement.js";
export {
  type UptoEvmFacilitatorErrorType,
  type UptoEvmFacilitatorParameters,
  type UptoEvmFacilitatorReturnType,
  uptoEvmFacilitator,
} from "./facilitator/uptoEvmFacilitator.js";
export {
  type VerifyUptoPermit2Parameters,
  verifyUptoPermit2,
} from "./facilitator/verifyUptoPermit2.js";
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
