import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";
import { randomNonce } from "../../context/signExactPayment.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.tampered-authorization",
  spec: ["v2 §6.1.2 (1)", "exact-evm §1 Phase 2 (1)"],
  description: "An authorization changed after signing (another nonce) no longer matches its signature.",
  reasons: reasons.signature,
  build: async ({ signExactPayment }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { tamper: { nonce: randomNonce() } },
    }),
  }),
});
