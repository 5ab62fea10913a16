// An App Router route handler protected by x402kit's Next.js adapter. The test passes the chain and facilitator
// through the environment (test/next.test.ts).
import { createFacilitatorClient } from "@x402kit/core";
import { exactEvmServer } from "@x402kit/evm";
import { withX402 } from "@x402kit/server/next";

const env = process.env;
export const dynamic = "force-dynamic";

export const GET = withX402((_request, { x402 }) => Response.json({ paid: true, payer: x402?.payer }), {
  routes: {
    "GET /api/paid": {
      accepts: { scheme: "exact", network: env.X402_NETWORK, price: "$0.01", payTo: env.X402_PAY_TO },
      description: "A paid Next.js route",
    },
  },
  schemes: [
    exactEvmServer({
      assets: {
        [env.X402_NETWORK]: {
          address: env.X402_ASSET,
          name: env.X402_ASSET_NAME,
          version: env.X402_ASSET_VERSION,
          decimals: 6,
        },
      },
    }),
  ],
  facilitator: createFacilitatorClient({ url: env.X402_FACILITATOR_URL }),
});
