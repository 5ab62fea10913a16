import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "mcp-server.settle.failed-tool-not-charged",
  spec: ["mcp Payment Flow Overview (5)", "v2 §2"],
  rationale:
    "The MCP flow orders verify, execute, then settle (step 5); the suite reads it as the HTTP transport's rule that a server settles only for delivered content, so a tool that fails is not charged.",
  level: "MUST",
  role: "mcp-server",
  description: "A paid call of a tool that fails is not settled: no transfer, no settle request.",
  run: async ({ mcpServer, newBuyer, expect, suiteFacilitator }) => {
    const buyer = await newBuyer();
    const { payload } = await mcpServer.pay(mcpServer.tools.fails, { buyer: buyer.account });
    const result = await expect.balanceChanges(
      [
        { address: buyer.address, delta: 0n, label: "buyer" },
        { address: mcpServer.payTo, delta: 0n, label: "payTo" },
      ],
      () => mcpServer.call(mcpServer.tools.fails, { payment: payload }),
    );
    expect.that(result.isError === true, "the failing tool's call is not isError");
    expect.that(
      suiteFacilitator.calls.every((call) => call.path !== "/settle"),
      "the server settled a payment for a tool that failed",
    );
  },
});
