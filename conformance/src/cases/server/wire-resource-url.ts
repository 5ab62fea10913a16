import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.wire.resource-url",
  spec: ["v2 §5.1.2 (resource.url)"],
  level: "SHOULD",
  role: "server",
  description: "resource.url names the route that was requested.",
  run: async ({ server, expect }) => {
    const { paymentRequired } = await server.paymentRequired(server.routes.expensive);
    const path = new URL(paymentRequired.resource.url, server.url).pathname;
    expect.equal(path, server.routes.expensive, "path of resource.url");
  },
});
