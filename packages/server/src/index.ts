export {
  type CreateResourceServerErrorType,
  type CreateResourceServerParameters,
  createResourceServer,
  type DeclareDiscoveryParameters,
  type DeclareMcpDiscoveryParameters,
  declareDiscovery,
  declareMcpDiscovery,
  type HandlerResult,
  type HttpRequest,
  type HttpResponse,
  type PaymentOption,
  type ProcessRequestResult,
  type ResourceServer,
  type RouteConfig,
  type RoutesConfig,
  type SettleOutcome,
  type VerifiedPayment,
} from "@x402kit/core";
export { CLIENT_CLOSED_STATUS, createSettler, type Settler } from "./shared/createSettler.js";
export { type FromNodeRequestParameters, fromNodeRequest } from "./shared/fromNodeRequest.js";
export { fromWebRequest } from "./shared/fromWebRequest.js";
export {
  type PaymentMiddlewareConfig,
  resolveResourceServer,
} from "./shared/resolveResourceServer.js";
export { type SettleWebResponseParameters, settleWebResponse } from "./shared/settleWebResponse.js";
export { toWebResponse } from "./shared/toWebResponse.js";
export {
  type HandleWebRequestParameters,
  type HandleWebRequestReturnType,
  handleWebRequest,
} from "./web/handleWebRequest.js";
