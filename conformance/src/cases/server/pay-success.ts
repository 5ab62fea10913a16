import { paid, paymentFor } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.pay.success",
  spec: ["v2 §2", "http-v2 Error Handling (Success: 200)"],
  level: "MUST",
  role: "server",
  description: "A valid payment gets HTTP 200 with the content, and exactly PRICE moves to PAY_TO.",
  run: async (context) => {
    const { buyer, payload } = await paymentFor(context);
    await context.expect.balanceChanges(paid(context, buyer, context.server.price), async () => {
      const result = await context.server.pay(context.server.routes.paid, payload);
      context.expect.status(result, 200, "paid request");
      context.expect.that(context.server.delivered(result), "the 200 does not carry the route's content");
    });
  },
});
