import { expectPaymentSignatureHeader } from "../../context/clientChecks.js";
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
    expectPaymentSignatureHeader(context.expect, await svmClientOf(context).runClient());
  },
});
