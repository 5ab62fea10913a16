import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.wire.402-status",
  spec: ["http-v2 Payment Required Signaling"],
  level: "MUST",
  role: "server",
  description: "A paid route requested without payment answers HTTP 402.",
  run: async ({ server, expect }) => {
    for (const path of [server.routes.paid, server.routes.expensive])
      expect.status(await server.get(path), 402, `GET ${path}`);
  },
});
