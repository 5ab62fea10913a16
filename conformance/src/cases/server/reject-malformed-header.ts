import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.reject.malformed-header",
  spec: ["http-v2 Error Handling (Invalid Payment: 400)"],
  level: "MUST",
  role: "server",
  description: "A PAYMENT-SIGNATURE that is not base64 gets HTTP 400, no content.",
  run: async ({ server, expect }) => {
    const result = await server.get(server.routes.paid, { "PAYMENT-SIGNATURE": "%%% not base64 %%%" });
    expect.that(!server.delivered(result), "content delivered for a malformed header");
    expect.status(result, 400, "malformed PAYMENT-SIGNATURE");
  },
});
