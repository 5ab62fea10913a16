import { settleResponseSchema } from "@x402kit/types";
import { mcpKeys } from "../../context/createMcpServerApi.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "mcp-server.pay.settlement-response",
  spec: ["mcp Payment Payload Transmission", "mcp Settlement Response Delivery"],
  level: "MUST",
  role: "mcp-server",
  description:
    'A payment in _meta["x402/payment"] gets the output and _meta["x402/payment-response"]; the price moves.',
  run: async ({ mcpServer, expect, newBuyer, chain }) => {
    const buyer = await newBuyer();
    const { payload } = await mcpServer.pay(mcpServer.tools.paid, { buyer: buyer.account });
    const price = BigInt(mcpServer.price);
    const result = await expect.balanceChanges(
      [
        { address: buyer.address, delta: -price, label: "buyer" },
        { address: mcpServer.payTo, delta: price, label: "payTo" },
      ],
      () => mcpServer.call(mcpServer.tools.paid, { payment: payload }),
    );
    expect.that(result.isError !== true, `the paid call failed: ${mcpServer.textOf(result).slice(0, 200)}`);
    expect.that(
      mcpServer.textOf(result).includes(mcpServer.contentMarker),
      "the paid call got no tool output",
    );
    const settlement = expect.schema(
      settleResponseSchema,
      result._meta?.[mcpKeys.paymentResponse],
      '_meta["x402/payment-response"]',
    );
    expect.equal(settlement.success, true, "settlement.success");
    const receipt = await chain.publicClient.getTransactionReceipt({
      hash: settlement.transaction as `0x${string}`,
    });
    expect.equal(receipt.status, "success", "the settling transaction");
  },
});
