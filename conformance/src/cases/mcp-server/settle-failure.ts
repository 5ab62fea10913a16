import { settleResponseSchema } from "@x402kit/types";
import { mcpKeys } from "../../context/createMcpServerApi.js";
import { defineCase } from "../../defineCase.js";
import { expectPaymentError } from "./_checks.js";

export default defineCase({
  id: "mcp-server.settle.failure-no-output",
  spec: ["mcp Settlement Failure"],
  level: "MUST",
  role: "mcp-server",
  description:
    'When settlement fails, the answer is isError with "x402/payment-response" {success: false}, never the output.',
  run: async (context) => {
    const { mcpServer, newBuyer, expect, suiteFacilitator } = context;
    const buyer = await newBuyer();
    const { payload } = await mcpServer.pay(mcpServer.tools.paid, { buyer: buyer.account });
    suiteFacilitator.failNextSettlements(1);
    const result = await mcpServer.call(mcpServer.tools.paid, { payment: payload });
    expectPaymentError(context, result, "a failed settlement");
    const structured = result.structuredContent as Record<string, unknown> | undefined;
    const settlement = expect.schema(
      settleResponseSchema,
      structured?.[mcpKeys.paymentResponse] ?? result._meta?.[mcpKeys.paymentResponse],
      '"x402/payment-response" of the failure',
    );
    expect.equal(settlement.success, false, "settlement.success");
  },
});
