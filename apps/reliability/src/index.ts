export { type WatchBalancesReturnType, watchBalances } from "@x402kit/testchain";
export { authorizationNonceOf } from "./authorizationNonceOf.js";
export { type CancelAuthorizationParameters, cancelAuthorization } from "./cancelAuthorization.js";
export { type CountAuthorizationUsesParameters, countAuthorizationUses } from "./countAuthorizationUses.js";
export {
  type CreatePaidResourceServerParameters,
  createPaidResourceServer,
} from "./createPaidResourceServer.js";
export { createServedLog, type ServedEntry, type ServedLog } from "./createServedLog.js";
export {
  type AdversarialFacilitatorBodyParameters,
  adversarialFacilitatorBody,
  type FacilitatorFuzzInput,
  facilitatorBodyClasses,
} from "./fuzz/adversarialFacilitatorBody.js";
export {
  type AdversarialHeader,
  type AdversarialHeaderValueParameters,
  adversarialHeaderValue,
  headerValueClasses,
} from "./fuzz/adversarialHeaderValue.js";
export {
  type AdversarialValue,
  type AdversarialValueClass,
  adversarialValue,
  adversarialValueClasses,
} from "./fuzz/adversarialValue.js";
export { type CheckPropertyParameters, checkProperty } from "./fuzz/checkProperty.js";
export {
  type CreateSeedMessagesParameters,
  createSeedMessages,
  type SeedMessages,
} from "./fuzz/createSeedMessages.js";
export { fuzzRuns } from "./fuzz/fuzzRuns.js";
export { type MutatedMessage, mutatedMessage, mutationClasses } from "./fuzz/mutatedMessage.js";
export { RawJson, toJsonText } from "./fuzz/toJsonText.js";
export { type ListenParameters, type ListenReturnType, listen } from "./listen.js";
export { type PaidPath, paidContentMarker, paidRoutes } from "./paidRoutes.js";
export { ReliabilityError, type ReliabilityErrorCode } from "./ReliabilityError.js";
export { type RawHttpRequestParameters, type RawHttpResponse, rawHttpRequest } from "./rawHttpRequest.js";
export { requestPaymentRequired } from "./requestPaymentRequired.js";
export { type RunSoakParameters, runSoak, type SoakReport, type SoakRequestKind } from "./runSoak.js";
export { type PaidAnswer, sendPayment } from "./sendPayment.js";
export {
  type AuthorizationValues,
  type SignPaymentParameters,
  type SignPaymentReturnType,
  signPayment,
} from "./signPayment.js";
export {
  type FacilitatorProcess,
  type StartFacilitatorProcessParameters,
  startFacilitatorProcess,
} from "./startFacilitatorProcess.js";
export {
  type FacilitatorService,
  type StartFacilitatorServiceParameters,
  startFacilitatorService,
} from "./startFacilitatorService.js";
export {
  type Fault,
  type FaultMode,
  type FaultProxy,
  type FaultProxyStats,
  type ProxiedCall,
  type StartFaultProxyParameters,
  startFaultProxy,
} from "./startFaultProxy.js";
export { type AppAdapter, appAdapters, type StartPaidAppParameters, startPaidApp } from "./startPaidApp.js";
export {
  type ReliabilityStack,
  type StartReliabilityStackParameters,
  startReliabilityStack,
} from "./startReliabilityStack.js";
export { toHighS } from "./toHighS.js";
