import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  encodePaymentSignatureHeader,
  headerNames,
  type PaymentRequired,
  type SettleResponse,
} from "@x402kit/types";
import { batchSettlementScheme } from "../constants.js";
import { BatchSettlementEvmError } from "../errors/BatchSettlementEvmError.js";
import type { BatchSettlementEvmClientReturnType } from "./batchSettlementEvmClient.js";

export type RefundChannelParameters = {
  client: BatchSettlementEvmClientReturnType;
  /** Any paid route of the server whose channel to refund (its handler does not run). */
  url: string;
  /** Atomic units to return; the whole unclaimed balance when left out. */
  amount?: bigint | undefined;
  /** The request's method (default GET) and headers, as the route expects them. */
  init?: RequestInit | undefined;
  fetch?: typeof fetch | undefined;
};

export type RefundChannelReturnType = SettleResponse;

export type RefundChannelErrorType = BatchSettlementEvmError;

/**
 * Asks a server for a cooperative refund of this client's channel (scheme_batch_settlement_evm.md, "Refund
 * Payload"): reads the route's 402, signs a zero-charge voucher (the charged total) with the amount, sends it as the
 * payment, and returns the server's settlement (the refund transaction, the amount returned). A corrective 402 is
 * adopted and the refund asked once more. Throws when the server refuses.
 */
export async function refundChannel(parameters: RefundChannelParameters): Promise<RefundChannelReturnType> {
  const { client, url, amount, init } = parameters;
  const send = parameters.fetch ?? fetch;
  const probe = await send(url, init);
  const header = probe.headers.get(headerNames.paymentRequired);
  await probe.body?.cancel().catch(() => {});
  if (probe.status !== 402 || !header)
    throw new BatchSettlementEvmError(
      "channel_operation_failed",
      `Expected a 402 from ${url}, got ${probe.status}.`,
    );
  let offered: PaymentRequired = decodePaymentRequiredHeader(header);
  for (let attempt = 0; attempt < 2; attempt++) {
    const index = offered.accepts.findIndex((requirement) => requirement.scheme === batchSettlementScheme);
    const requirements = offered.accepts[index];
    if (!requirements)
      throw new BatchSettlementEvmError(
        "channel_operation_failed",
        `${url} offers no batch-settlement payment.`,
      );
    const payload = await client.createRefundPayload(requirements, amount);
    const headers = new Headers(init?.headers);
    headers.set(
      headerNames.paymentSignature,
      encodePaymentSignatureHeader({
        x402Version: 2,
        resource: offered.resource,
        accepted: requirements,
        payload,
      }),
    );
    const answer = await send(url, { ...init, headers }).catch(async (error: unknown) => {
      await client.onPaymentAnswer({ requirements, payload, answer: undefined });
      throw error;
    });
    await answer.body?.cancel().catch(() => {});
    const receipt = answer.headers.get(headerNames.paymentResponse);
    const settlement = receipt ? decodePaymentResponseHeader(receipt) : undefined;
    const required = answer.headers.get(headerNames.paymentRequired);
    const again = answer.status === 402 && required ? decodePaymentRequiredHeader(required) : undefined;
    const { retry } = (await client.onPaymentAnswer({
      requirements,
      payload,
      answer: { status: answer.status, settlement, paymentRequired: again },
    })) ?? { retry: false };
    if (settlement?.success) return settlement;
    if (retry && again) {
      offered = again;
      continue;
    }
    throw new BatchSettlementEvmError(
      "channel_operation_failed",
      `The refund was refused: ${settlement?.errorReason ?? again?.error ?? `HTTP ${answer.status}`}.`,
      { details: { status: answer.status } },
    );
  }
  throw new BatchSettlementEvmError(
    "channel_operation_failed",
    "The refund was refused after resynchronising.",
  );
}
