import {
  caip2ToV1Network,
  decodeXPaymentResponseHeader,
  encodeXPaymentHeader,
  headerNames,
  paymentRequiredV1Schema,
  v1NetworkToCaip2,
} from "@x402kit/types";
import { paid } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.v1.client",
  spec: [
    "v1 §5",
    "http-v1 Payment Payload Transmission (X-PAYMENT)",
    "http-v1 Settlement Response Delivery (X-PAYMENT-RESPONSE)",
  ],
  level: "SHOULD",
  role: "server",
  description:
    "A v1 client can pay: the 402 body is a v1 PaymentRequired, X-PAYMENT is accepted, X-PAYMENT-RESPONSE returned.",
  run: async (context) => {
    const { server, expect, chain } = context;
    const unpaid = await server.get(server.routes.paid);
    const body = expect.schema(paymentRequiredV1Schema, unpaid.json, "the 402 body as a v1 PaymentRequired");
    const offered = body.accepts.find(
      (r) => r.scheme === "exact" && v1NetworkToCaip2(r.network) === chain.network,
    );
    expect.that(
      offered,
      `no v1 exact requirement for ${chain.network} ("${caip2ToV1Network(chain.network)}")`,
    );
    if (!offered) return;
    const buyer = await context.newBuyer();
    const v2 = await context.signExactPayment({
      buyer: buyer.account,
      requirements: {
        scheme: "exact",
        network: chain.network,
        amount: offered.maxAmountRequired,
        asset: offered.asset,
        payTo: offered.payTo,
        maxTimeoutSeconds: offered.maxTimeoutSeconds,
        ...(offered.extra ? { extra: offered.extra } : {}),
      },
    });
    const header = encodeXPaymentHeader({
      x402Version: 1,
      scheme: "exact",
      network: offered.network,
      payload: v2.payload,
    });
    await expect.balanceChanges(paid(context, buyer, offered.maxAmountRequired), async () => {
      const result = await server.get(server.routes.paid, { [headerNames.xPayment]: header });
      expect.status(result, 200, "v1 paid request");
      expect.that(server.delivered(result), "no content for the v1 payment");
      const response = result.headers.get(headerNames.xPaymentResponse);
      expect.that(response, `no ${headerNames.xPaymentResponse} header`);
      expect.equal(decodeXPaymentResponseHeader(response ?? "").success, true, "X-PAYMENT-RESPONSE success");
    });
  },
});
