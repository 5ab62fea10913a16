import { defineCase } from "../../defineCase.js";
import { expectPaymentError } from "./_checks.js";

export default defineCase({
  id: "mcp-server.reject.replay",
  spec: ["v2 §10.1", "mcp Error Handling (Payment Invalid)"],
  level: "MUST",
  role: "mcp-server",
  description: "A payment already settled and delivered, sent again, gets no output and moves nothing more.",
  run: async (context) => {
    const { mcpServer, newBuyer, expect } = context;
    const buyer = await newBuyer();
    const { payload } = await mcpServer.pay(mcpServer.tools.paid, { buyer: buyer.account });
    const first = await mcpServer.call(mcpServer.tools.paid, { payment: payload });
    expect.that(first.isError !== true, `the first use failed: ${mcpServer.textOf(first).slice(0, 200)}`);
    await expect.balanceChanges([{ address: buyer.address, delta: 0n, label: "buyer" }], async () => {
      expectPaymentError(context, await mcpServer.call(mcpServer.tools.paid, { payment: payload }), "replay");
    });
  },
});
