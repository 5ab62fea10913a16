import type { SettleResponse } from "@x402kit/types";
import type { AxiosResponse } from "axios";
import { readReceipt } from "../internal/readReceipt.js";
import { axiosHeader } from "./axiosHeader.js";

export type GetAxiosPaymentReceiptParameters = Pick<AxiosResponse, "headers">;

export type GetAxiosPaymentReceiptReturnType = SettleResponse | undefined;

/**
 * The settlement receipt of an axios response: the decoded `PAYMENT-RESPONSE` (v2) or `X-PAYMENT-RESPONSE` (v1)
 * header, or undefined when there is none or it is malformed. Never throws.
 */
export function getAxiosPaymentReceipt(
  response: GetAxiosPaymentReceiptParameters,
): GetAxiosPaymentReceiptReturnType {
  return readReceipt((name) => axiosHeader(response?.headers, name));
}
