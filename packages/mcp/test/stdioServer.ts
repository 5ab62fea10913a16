// The stdio child of transports.chain.test.ts: the test tools over stdin/stdout, paying through the facilitator
// at X402_FACILITATOR_URL. Run as `node --import tsx test/stdioServer.ts` (the workspace packages from their builds).
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createFacilitatorClient } from "@x402kit/core";
import { paidToolServer } from "./paidToolServer.js";

const settings = JSON.parse(process.env.X402_MCP_TEST ?? "{}");
const { server } = await paidToolServer({
  ...settings,
  facilitator: createFacilitatorClient({ url: settings.facilitatorUrl }),
});
await server.connect(new StdioServerTransport());
