export {
  type HandleWebRequestParameters,
  type HandleWebRequestReturnType,
  handleWebRequest,
} from "../web/handleWebRequest.js";
export {
  type WithX402ReturnType,
  withX402,
  type X402RouteContext,
  type X402RouteHandler,
} from "./withX402.js";
