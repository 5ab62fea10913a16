import { facilitatorRequestSchema } from "@x402kit/types";
import { paymentFor } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.pay.facilitator-request",
  spec: ["v2 §7.1 (request body)", "v2 §7.2 (request body)", "v2 §5.2.2 (accepted)"],
  level: "MUST",
  role: "server",
  description:
    "The server sends the facilitator a well-formed body whose paymentRequirements are the ones it offered.",
  run: async (context) => {
    const { payload, requirements } = await paymentFor(context);
    context.expect.status(await context.server.pay(context.server.routes.paid, payload), 200, "paid request");
    const calls = context.suiteFacilitator.calls.filter((c) => c.path !== "/supported");
    context.expect.that(calls.length > 0, "the server never called the facilitator");
    for (const call of calls) {
      const body = context.expect.schema(facilitatorRequestSchema, call.body, `POST ${call.path} body`);
      context.expect.equal(body.x402Version, 2, `POST ${call.path} x402Version`);
      const sent = body.paymentRequirements as typeof requirements;
      context.expect.equal(sent.amount, requirements.amount, `POST ${call.path} paymentRequirements.amount`);
      context.expect.equal(
        sent.payTo.toLowerCase(),
        requirements.payTo.toLowerCase(),
        `POST ${call.path} paymentRequirements.payTo`,
      );
    }
  },
});
