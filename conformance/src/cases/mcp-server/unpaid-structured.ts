import { paymentRequiredSchema } from "@x402kit/types";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "mcp-server.wire.structured-content",
  section: "transports-v2/mcp.md, Payment Required Signaling (Server Requirements 2)",
  level: "SHOULD",
  role: "mcp-server",
  description: "An unpaid call also carries the PaymentRequired itself as structuredContent.",
  run: async ({ mcpServer, expect }) => {
    const result = await mcpServer.call(mcpServer.tools.paid);
    expect.schema(paymentRequiredSchema, result.structuredContent, "structuredContent");
  },
});
