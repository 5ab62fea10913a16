import {
  base64DecodeUtf8,
  decodePaymentResponseHeader,
  headerNames,
  type PaymentPayload,
  type SettleResponse,
} from "@x402kit/types";
import type { Hex } from "viem";
import type { Buyer, ServerContext } from "../types.js";
import { CaseFailure } from "./CaseOutcome.js";
import type { Expect } from "./createExpect.js";
import type { HttpResult } from "./httpRequest.js";

/** A fresh buyer and a valid payment for `path` (from the route's own 402). */
export async function paymentFor(context: ServerContext, path: string = context.server.routes.paid) {
  const buyer = await context.newBuyer();
  const { payload, requirements } = await context.server.signFor(path, buyer.account);
  return { buyer, payload, requirements };
}

/** The balance expectations of "nothing moved" for a buyer and the server's payTo. */
export function unchanged(context: ServerContext, buyer: Buyer) {
  return [
    { address: buyer.address, delta: 0n, label: "buyer" },
    { address: context.server.payTo, delta: 0n, label: "payTo" },
  ];
}

/** The balance expectations of "exactly `amount` moved from the buyer to payTo". */
export function paid(context: ServerContext, buyer: Buyer, amount: string | bigint) {
  return [
    { address: buyer.address, delta: -BigInt(amount), label: "buyer" },
    { address: context.server.payTo, delta: BigInt(amount), label: "payTo" },
  ];
}

/** A refused payment: not a 2xx, no content, and (transports-v2) a 402 still carries PAYMENT-REQUIRED. */
export function expectRefused(context: ServerContext, result: HttpResult, what: string): void {
  const { expect, server } = context;
  expect.that(result.status >= 400, `${what}: expected a refusal, got HTTP ${result.status}`);
  expect.that(
    !server.delivered(result),
    `${what}: the paid content was delivered with HTTP ${result.status}`,
  );
  if (result.status === 402)
    expect.that(
      result.headers.has(headerNames.paymentRequired),
      `${what}: the 402 has no ${headerNames.paymentRequired}`,
    );
}

/**
 * Decodes PAYMENT-RESPONSE (fails the case when it is missing or malformed) and judges it with the spec's JSON Schema
 * too, when one was given.
 */
export function paymentResponseOf(expect: Expect, result: HttpResult, what: string): SettleResponse {
  const header = result.headers.get(headerNames.paymentResponse);
  if (!header)
    throw new CaseFailure(`${what}: no ${headerNames.paymentResponse} header (HTTP ${result.status})`);
  let settlement: SettleResponse;
  try {
    settlement = decodePaymentResponseHeader(header);
  } catch (error) {
    throw new CaseFailure(
      `${what}: ${headerNames.paymentResponse} does not decode: ${(error as Error).message}`,
    );
  }
  expect.spec(
    "SettlementResponse",
    JSON.parse(base64DecodeUtf8(header) ?? "null"),
    `${what}: ${headerNames.paymentResponse}`,
  );
  return settlement;
}

/** Sends a payment and checks that it was refused and moved no money. */
export async function expectPaymentRefused(
  context: ServerContext,
  buyer: Buyer,
  path: string,
  payload: PaymentPayload,
  what: string,
): Promise<HttpResult> {
  return context.expect.balanceChanges(unchanged(context, buyer), async () => {
    const result = await context.server.pay(path, payload);
    expectRefused(context, result, what);
    return result;
  });
}

/** The nonce of an exact payload. */
export const nonceOf = (payload: PaymentPayload) =>
  (payload.payload as { authorization: { nonce: Hex } }).authorization.nonce;
