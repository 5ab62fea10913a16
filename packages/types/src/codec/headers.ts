import { caip2ToV1Network } from "../networks/v1Networks.js";
import { type SettleResponse, settleResponseSchema } from "../schemas/facilitator.js";
import {
  type PaymentPayloadV1,
  paymentPayloadV1Schema,
  type SettleResponseV1,
  settleResponseV1Schema,
} from "../schemas/v1.js";
import {
  type PaymentPayload,
  type PaymentRequired,
  paymentPayloadSchema,
  paymentRequiredSchema,
} from "../schemas/v2.js";
import { decodeHeader } from "./decodeHeader.js";
import { encodeHeader } from "./encodeHeader.js";
import { headerNames } from "./headerNames.js";

// The five x402 headers (transports-v2/http.md, transports-v1/http.md): each encoder validates nothing (the
// types do), each decoder validates everything.

export const encodePaymentRequiredHeader = (value: PaymentRequired): string => encodeHeader(value);
export const decodePaymentRequiredHeader = (value: string): PaymentRequired =>
  decodeHeader({ header: headerNames.paymentRequired, value, schema: paymentRequiredSchema, x402Version: 2 });

export const encodePaymentSignatureHeader = (value: PaymentPayload): string => encodeHeader(value);
export const decodePaymentSignatureHeader = (value: string): PaymentPayload =>
  decodeHeader({ header: headerNames.paymentSignature, value, schema: paymentPayloadSchema, x402Version: 2 });

export const encodePaymentResponseHeader = (value: SettleResponse): string => encodeHeader(value);
export const decodePaymentResponseHeader = (value: string): SettleResponse =>
  decodeHeader({ header: headerNames.paymentResponse, value, schema: settleResponseSchema });

export const encodeXPaymentHeader = (value: PaymentPayloadV1): string => encodeHeader(value);
export const decodeXPaymentHeader = (value: string): PaymentPayloadV1 =>
  decodeHeader({ header: headerNames.xPayment, value, schema: paymentPayloadV1Schema, x402Version: 1 });

/** v1 names its network (`base-sepolia`), so a CAIP-2 network is written with its v1 name where it has one. */
export const encodeXPaymentResponseHeader = (value: SettleResponse | SettleResponseV1): string =>
  encodeHeader({ ...value, network: caip2ToV1Network(value.network) ?? value.network });
export const decodeXPaymentResponseHeader = (value: string): SettleResponseV1 =>
  decodeHeader({ header: headerNames.xPaymentResponse, value, schema: settleResponseV1Schema });
