import { defineCase } from "../../defineCase.js";
import { expectPaymentError } from "./_checks.js";

export default defineCase({
  id: "mcp-server.reject.invalid-payment",
  spec: ["mcp Error Handling (Payment Invalid)", "v2 §6.1.2"],
  level: "MUST",
  role: "mcp-server",
  description:
    "A payment with a bad signature, or malformed, gets an isError PaymentRequired, no output, and nothing settles.",
  run: async (context) => {
    const { mcpServer, newBuyer, expect, suiteFacilitator } = context;
    const buyer = await newBuyer();
    const { payload } = await mcpServer.pay(mcpServer.tools.paid, {
      buyer: buyer.account,
      overrides: { signature: `0x${"11".repeat(65)}` },
    });
    await expect.balanceChanges([{ address: buyer.address, delta: 0n, label: "buyer" }], async () => {
      expectPaymentError(
        context,
        await mcpServer.call(mcpServer.tools.paid, { payment: payload }),
        "bad signature",
      );
      expectPaymentError(
        context,
        await mcpServer.call(mcpServer.tools.paid, { payment: "garbage" }),
        "a string",
      );
    });
    expect.that(
      suiteFacilitator.calls.every((call) => call.path !== "/settle"),
      "the server asked the facilitator to settle an invalid payment",
    );
  },
});
