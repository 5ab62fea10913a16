import { paymentRequiredSchema } from "@x402kit/types";
import { mcpKeys } from "../../context/createMcpServerApi.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "mcp-server.wire.unpaid-call",
  spec: ["mcp Payment Required Signaling", "mcp Server Requirements"],
  level: "MUST",
  role: "mcp-server",
  description:
    "An unpaid call of a paid tool answers isError with the PaymentRequired in content[0].text (x402/error, code 402).",
  run: async ({ mcpServer, expect }) => {
    const result = await mcpServer.call(mcpServer.tools.paid);
    expect.that(result.isError === true, "the unpaid call is not an isError result");
    expect.that(
      !mcpServer.textOf(result).includes(mcpServer.contentMarker),
      "the unpaid call got the tool's output",
    );
    const first = result.content?.[0];
    expect.that(first?.type === "text", "content[0] is not text");
    let wrapper: { code?: unknown; message?: unknown; data?: unknown } | undefined;
    try {
      wrapper = (JSON.parse(first?.type === "text" ? first.text : "") as Record<string, typeof wrapper>)[
        mcpKeys.error
      ];
    } catch {
      wrapper = undefined;
    }
    expect.that(wrapper !== undefined, 'content[0].text is not JSON with an "x402/error" wrapper');
    expect.equal(wrapper!.code, 402, "x402/error.code");
    expect.that(typeof wrapper!.message === "string", "x402/error.message is not a string");
    const required = expect.schema(paymentRequiredSchema, wrapper!.data, "x402/error.data");
    const offer = required.accepts.find((r) => r.scheme === "exact");
    expect.that(offer !== undefined, "no exact requirement is offered");
    expect.equal(offer!.amount, mcpServer.price, "the offered amount (PRICE)");
    expect.equal(offer!.payTo.toLowerCase(), mcpServer.payTo.toLowerCase(), "the offered payTo (PAY_TO)");
  },
});
