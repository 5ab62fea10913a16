import { exactEvmClient } from "@x402kit/evm";
import {
  caip2ToV1Network,
  encodePaymentSignatureHeader,
  encodeXPaymentHeader,
  headerNames,
  type PaymentPayload,
  type PaymentRequired,
  type PaymentRequirements,
} from "@x402kit/types";
import type { LocalAccount } from "viem";
import { InteropSetupError } from "./InteropSetupError.js";

export type SignPaymentHeaderParameters = {
  /** The 402's decoded `PAYMENT-REQUIRED`; its first requirements are paid. */
  paymentRequired: PaymentRequired;
  account: LocalAccount;
  /** The signer's clock in Unix seconds (default: the wall clock). */
  now?: (() => number) | undefined;
  /**
   * Changes the requirements that the authorization is signed for, while `accepted` stays as offered: a forged or
   * mistaken payment that only the facilitator's checks can catch.
   */
  tamper?: ((requirements: PaymentRequirements) => PaymentRequirements) | undefined;
  /** 2 (default): `PAYMENT-SIGNATURE` (spec v2 §5.2). 1: `X-PAYMENT` (spec v1 §5.2), the network by its v1 name. */
  x402Version?: 1 | 2 | undefined;
};

export type SignPaymentHeaderReturnType = {
  name: typeof headerNames.paymentSignature | typeof headerNames.xPayment;
  value: string;
  /** `{ [name]: value }`, for a request's headers. */
  headers: Record<string, string>;
};

/** A payment header made with x402kit's exact EVM client scheme, optionally tampered, ready to send. */
export async function signPaymentHeader(
  parameters: SignPaymentHeaderParameters,
): Promise<SignPaymentHeaderReturnType> {
  const { paymentRequired, tamper = (requirements) => requirements } = parameters;
  const accepted = paymentRequired.accepts[0]!;
  const scheme = exactEvmClient({ account: parameters.account, now: parameters.now });
  const { payload } = await scheme.createPaymentPayload({ requirements: tamper(accepted) });
  if (parameters.x402Version === 1) {
    const network = caip2ToV1Network(accepted.network);
    if (!network)
      throw new InteropSetupError("unexpected_response", `${accepted.network} has no v1 name.`, {
        network: accepted.network,
      });
    return header(
      headerNames.xPayment,
      encodeXPaymentHeader({ x402Version: 1, scheme: accepted.scheme, network, payload }),
    );
  }
  const paymentPayload: PaymentPayload = {
    x402Version: 2,
    resource: paymentRequired.resource,
    accepted,
    payload,
  };
  return header(headerNames.paymentSignature, encodePaymentSignatureHeader(paymentPayload));
}

const header = (name: SignPaymentHeaderReturnType["name"], value: string): SignPaymentHeaderReturnType => ({
  name,
  value,
  headers: { [name]: value },
});
