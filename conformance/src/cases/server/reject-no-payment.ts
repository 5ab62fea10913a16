import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.reject.no-content-without-payment",
  spec: ["v2 §2", "http-v2 Error Handling (Payment Required: 402)"],
  level: "MUST",
  role: "server",
  description: "Without payment no route delivers its content, and the facilitator is not asked to settle.",
  run: async ({ server, expect, suiteFacilitator }) => {
    for (const path of Object.values(server.routes)) {
      const result = await server.get(path);
      expect.that(!server.delivered(result), `GET ${path} without payment delivered the content`);
    }
    expect.that(
      !suiteFacilitator.calls.some((c) => c.path === "/settle"),
      "an unpaid request caused a settlement call",
    );
  },
});
