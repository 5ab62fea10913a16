import type { Hex } from "viem";
import { paymentFor, paymentResponseOf } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.pay.payment-response",
  spec: ["http-v2 Settlement Response Delivery", "v2 §5.3"],
  level: "MUST",
  role: "server",
  description: "The 200 carries PAYMENT-RESPONSE: success, the on-chain transaction, the network, the payer.",
  run: async (context) => {
    const { buyer, payload } = await paymentFor(context);
    const result = await context.server.pay(context.server.routes.paid, payload);
    context.expect.status(result, 200, "paid request");
    const settlement = paymentResponseOf(context.expect, result, "paid request");
    context.expect.equal(settlement.success, true, "PAYMENT-RESPONSE success");
    context.expect.equal(settlement.network, context.chain.network, "PAYMENT-RESPONSE network");
    const transfers = await context.chain.transfersOf(settlement.transaction as Hex);
    context.expect.that(
      transfers?.length,
      `PAYMENT-RESPONSE transaction ${settlement.transaction} is not a transfer on-chain`,
    );
    if (settlement.payer)
      context.expect.equal(settlement.payer.toLowerCase(), buyer.address.toLowerCase(), "payer");
  },
});
