import { base64DecodeUtf8, headerNames } from "@x402kit/types";
import { svmClientOf } from "../../context/svmClientChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.svm.wire.payment-signature-header",
  spec: ["http-v2 Payment Payload Transmission", "http-v2 Header Summary"],
  rationale:
    'The transport says only "base64-encoded"; the suite reads it as RFC 4648 §4 base64 (standard alphabet, padded), the form of the spec\'s own examples. The case reads the default Solana run that client.svm.pay.exact-amount makes.',
  level: "MUST",
  role: "client",
  family: "solana",
  description: "Paying on Solana, the client sends PAYMENT-SIGNATURE: strict base64 of a v2 PaymentPayload.",
  run: async (context) => {
    const { expect } = context;
    const run = await svmClientOf(context).runClient();
    const payment = run.payments[0]?.payment;
    expect.that(payment, "the client sent no payment");
    if (!payment) return;
    expect.equal(payment.header, headerNames.paymentSignature, "payment header");
    expect.that(
      base64DecodeUtf8(payment.value) !== undefined,
      "the header is not strict standard base64 of UTF-8",
    );
    expect.that(payment.decoded, `the header is not a v2 PaymentPayload: ${payment.decodeError}`);
  },
});
