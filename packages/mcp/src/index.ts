export {
  type FindPaymentRequiredReturnType,
  findPaymentRequired,
} from "./client/findPaymentRequired.js";
export { readPaymentResponse } from "./client/readPaymentResponse.js";
export {
  type McpPaymentClient,
  type PaidToolCall,
  type PaymentRequest,
  type WrapMcpClientErrorType,
  type WrapMcpClientParameters,
  wrapMcpClient,
} from "./client/wrapMcpClient.js";
export { McpPaymentError, type McpPaymentErrorCode } from "./errors/McpPaymentError.js";
export {
  type CreateX402McpServerErrorType,
  type CreateX402McpServerParameters,
  createX402McpServer,
  type PaidToolCallback,
  type PaidToolConfig,
  type PaidToolExtra,
  type ToolPayment,
  type X402McpServer,
} from "./server/createX402McpServer.js";
export {
  type ListenStreamableHttpParameters,
  type ListenStreamableHttpReturnType,
  listenStreamableHttp,
} from "./server/listenStreamableHttp.js";
export {
  type ReadPaymentMetaReturnType,
  readPaymentMeta,
} from "./server/readPaymentMeta.js";
export { type ToolErrorResultParameters, toolErrorResult } from "./server/toolErrorResult.js";
export { metaKeys } from "./shared/metaKeys.js";
