import { paymentRequiredSchema } from "@x402kit/types";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "mcp-server.wire.structured-content",
  spec: ["mcp Server Requirements"],
  level: "SHOULD",
  role: "mcp-server",
  description: "An unpaid call also carries the PaymentRequired itself as structuredContent.",
  run: async ({ mcpServer, expect }) => {
    const result = await mcpServer.call(mcpServer.tools.paid);
    expect.schema(paymentRequiredSchema, result.structuredContent, "structuredContent");
  },
});
