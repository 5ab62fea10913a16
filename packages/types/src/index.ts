export { base64DecodeUtf8, base64EncodeUtf8 } from "./codec/base64.js";
export { type DecodeHeaderParameters, decodeHeader } from "./codec/decodeHeader.js";
export { encodeHeader } from "./codec/encodeHeader.js";
export { HeaderDecodeError, type HeaderDecodeErrorCode } from "./codec/HeaderDecodeError.js";
export { headerNames, MAX_HEADER_LENGTH } from "./codec/headerNames.js";
export {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodePaymentSignatureHeader,
  decodeXPaymentHeader,
  decodeXPaymentResponseHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  encodePaymentSignatureHeader,
  encodeXPaymentHeader,
  encodeXPaymentResponseHeader,
} from "./codec/headers.js";
export { X402TypesError } from "./errors.js";
export { addressKey } from "./networks/addressKey.js";
export { type Caip2, evmChainId, formatCaip2, matchesNetworkPattern, parseCaip2 } from "./networks/caip2.js";
export { caip2ToV1Network, type V1Network, v1Networks, v1NetworkToCaip2 } from "./networks/v1Networks.js";
export {
  type BatchSettlementEvmReasonCode,
  batchSettlementEvmReasonCodes,
  canonicalReasonCode,
  extraReasonCodes,
  type ReasonCode,
  reasonCodeAliases,
  type SpecReasonCode,
  specReasonCodes,
} from "./reasons/reasonCodes.js";
export * from "./schemas/bazaar.js";
export * from "./schemas/discovery.js";
export * from "./schemas/exactEvm.js";
export * from "./schemas/exactSvm.js";
export * from "./schemas/facilitator.js";
export { isJsonWithinDepth, MAX_JSON_DEPTH } from "./schemas/isJsonWithinDepth.js";
export * from "./schemas/primitives.js";
export * from "./schemas/signInWithX.js";
export * from "./schemas/v1.js";
export * from "./schemas/v2.js";
