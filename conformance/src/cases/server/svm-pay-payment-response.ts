import { paymentResponseOf } from "../../context/serverChecks.js";
import { svmPaymentFor } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.pay.payment-response",
  spec: ["http-v2 Settlement Response Delivery", "v2 §5.3", "exact-svm SettlementResponse"],
  level: "MUST",
  role: "server",
  family: "solana",
  description:
    "The 200 carries PAYMENT-RESPONSE: success, the Solana network, a transaction signature the chain executed, the payer.",
  run: async (context) => {
    const { solana, buyer, payload } = await svmPaymentFor(context);
    const result = await context.server.pay(context.server.routes.paid, payload);
    context.expect.status(result, 200, "paid request");
    const settlement = paymentResponseOf(context.expect, result, "paid request");
    context.expect.equal(settlement.success, true, "PAYMENT-RESPONSE success");
    context.expect.equal(settlement.network, solana.chain.network, "PAYMENT-RESPONSE network");
    context.expect.that(
      /^[1-9A-HJ-NP-Za-km-z]{64,88}$/.test(settlement.transaction),
      `PAYMENT-RESPONSE transaction is not a base58 transaction signature: "${settlement.transaction}"`,
    );
    context.expect.equal(
      await solana.chain.signatureSucceeded(settlement.transaction),
      true,
      `the chain's status of ${settlement.transaction}`,
    );
    if (settlement.payer !== undefined) context.expect.equal(settlement.payer, buyer.address, "payer");
  },
});
