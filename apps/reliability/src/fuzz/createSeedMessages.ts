import { caip2ToV1Network, type PaymentRequirements, type ResourceInfo } from "@x402kit/types";
import type { SignPaymentReturnType } from "../signPayment.js";

export type CreateSeedMessagesParameters = {
  /** The offered requirements (v2). */
  requirements: PaymentRequirements;
  resource: ResourceInfo;
  /** A payment signed for `requirements`. */
  signed: SignPaymentReturnType;
};

/** One valid message of each kind that the fuzz targets take; the fuzzers mutate these. */
export type SeedMessages = ReturnType<typeof createSeedMessages>;

/**
 * Valid x402 messages around one signed payment (spec v2 §5, §7; spec v1 §5, §7): what each decoder, the
 * middleware and the facilitator's `/verify` and `/settle` take when the client is honest.
 */
export function createSeedMessages(parameters: CreateSeedMessagesParameters) {
  const { requirements, resource, signed } = parameters;
  const v1Network = caip2ToV1Network(requirements.network) ?? requirements.network;
  const transaction = `0x${"ab".repeat(32)}`;
  const paymentPayload = {
    ...signed.paymentPayload,
    resource,
    extensions: { "payment-identifier": { info: { id: "pay_0123456789abcdef" } } },
  };
  const xPayment = {
    x402Version: 1,
    scheme: requirements.scheme,
    network: v1Network,
    payload: signed.paymentPayload.payload,
  };
  const requirementsV1 = {
    scheme: requirements.scheme,
    network: v1Network,
    maxAmountRequired: requirements.amount,
    resource: resource.url,
    description: "",
    mimeType: "application/json",
    payTo: requirements.payTo,
    maxTimeoutSeconds: requirements.maxTimeoutSeconds,
    asset: requirements.asset,
    extra: requirements.extra ?? null,
  };
  return {
    paymentRequired: {
      x402Version: 2,
      error: "PAYMENT-SIGNATURE header is required",
      resource,
      accepts: [requirements],
      extensions: {},
    },
    paymentPayload,
    paymentResponse: {
      success: true,
      transaction,
      network: requirements.network,
      payer: signed.authorization.from,
      amount: requirements.amount,
    },
    xPayment,
    xPaymentResponse: { success: true, transaction, network: v1Network, payer: signed.authorization.from },
    facilitatorRequest: {
      x402Version: 2,
      paymentPayload: signed.paymentPayload,
      paymentRequirements: requirements,
    },
    facilitatorRequestV1: { x402Version: 1, paymentPayload: xPayment, paymentRequirements: requirementsV1 },
  };
}
