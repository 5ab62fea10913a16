import { expectPaymentSignatureHeader } from "../../context/clientChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.wire.payment-signature-header",
  spec: ["http-v2 Payment Payload Transmission", "http-v2 Header Summary"],
  rationale:
    'The transport says only "base64-encoded"; the suite reads it as RFC 4648 §4 base64 (standard alphabet, padded), the form of the spec\'s own examples, and refuses base64url, missing padding and white space.',
  level: "MUST",
  role: "client",
  description:
    "Against a v2 server the client sends PAYMENT-SIGNATURE: strict base64 of a v2 PaymentPayload.",
  run: async ({ runClient, expect }) => {
    expectPaymentSignatureHeader(expect, await runClient());
  },
});
