export {
  type GetAxiosPaymentReceiptParameters,
  type GetAxiosPaymentReceiptReturnType,
  getAxiosPaymentReceipt,
} from "./getAxiosPaymentReceipt.js";
export { type WithX402ErrorType, withX402 } from "./withX402.js";
