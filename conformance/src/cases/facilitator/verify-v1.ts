import { caip2ToV1Network } from "@x402kit/types";
import { freshPayment, readVerifyResponse } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.verify.v1-payment",
  spec: ["v1 §7.1", "v1 §11.1 (named networks)"],
  level: "MAY",
  role: "facilitator",
  description:
    "A facilitator that lists a v1 kind for the chain verifies a v1 exact payment (X-PAYMENT form).",
  run: async (context) => {
    const { facilitator, expect, chain } = context;
    const name = caip2ToV1Network(chain.network);
    const supported = (await facilitator.supported()).json as {
      kinds?: Array<{ x402Version: number; network: string }>;
    };
    if (!name || !supported?.kinds?.some((k) => k.x402Version === 1 && k.network === name))
      context.skip(`no v1 kind for ${chain.network}${name ? ` ("${name}")` : ""} in /supported`);
    const { buyer, requirements } = await freshPayment(context);
    const v2 = await context.signExactPayment({ buyer: buyer.account, requirements });
    const payload = { x402Version: 1, scheme: "exact", network: name, payload: v2.payload };
    const v1Requirements = {
      scheme: "exact",
      network: name,
      maxAmountRequired: requirements.amount,
      resource: "http://127.0.0.1/x402-conformance",
      description: "x402-conformance",
      mimeType: "application/json",
      payTo: requirements.payTo,
      maxTimeoutSeconds: requirements.maxTimeoutSeconds,
      asset: requirements.asset,
      extra: requirements.extra,
    };
    const verdict = readVerifyResponse(
      context,
      await facilitator.verify(facilitator.body(payload, v1Requirements, 1)),
    );
    expect.that(verdict.isValid, `v1 payment refused: ${verdict.invalidReason}`);
  },
});
