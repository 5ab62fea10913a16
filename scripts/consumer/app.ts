// A project outside the workspace that installed x402kit's tarballs (scripts/checkTarballs.ts): one paid request
// on a local chain, through x402kit's facilitator over HTTP, a hono server and a paying fetch.
import { serve } from "@hono/node-server";
import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { createFacilitatorClient } from "@x402kit/core";
import { exactEvmClient, exactEvmFacilitator, exactEvmServer } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { paymentMiddleware } from "@x402kit/server/hono";
import { startTestChain } from "@x402kit/testchain";
import { Hono } from "hono";
import { privateKeyToAccount } from "viem/accounts";

const chain = await startTestChain();
const stops: (() => Promise<unknown>)[] = [() => chain.stop()];
try {
  const signer = privateKeyToAccount(chain.accounts.facilitator.privateKey);
  const facilitator = createFacilitator({
    schemes: [exactEvmFacilitator({ networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer } } })],
  });
  const facilitatorServer = await createFacilitatorServer({ facilitator }).listen({ port: 0 });
  stops.unshift(() => facilitatorServer.close());

  const facilitatorClient = createFacilitatorClient({ url: facilitatorServer.url });
  const app = new Hono();
  app.use(
    paymentMiddleware({
      routes: {
        "GET /weather": {
          accepts: {
            scheme: "exact",
            network: chain.network,
            price: "$0.001",
            payTo: chain.accounts.seller.address,
          },
        },
      },
      schemes: [exactEvmServer({ assets: { [chain.network]: { ...chain.usdc } } })],
      facilitator: facilitatorClient,
    }),
  );
  app.get("/weather", (c) => c.json({ forecast: "sunny" }));
  const url = await new Promise<string>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
    stops.unshift(() => new Promise((done) => server.close(done)));
  });

  const buyer = privateKeyToAccount(chain.accounts.buyer.privateKey);
  const paidFetch = wrapFetch(fetch, createX402Client({ schemes: [exactEvmClient({ account: buyer })] }));
  const response = await paidFetch(`${url}/weather`);
  const receipt = getPaymentReceipt(response);
  const seller = await chain.balanceOf(chain.usdc.address, chain.accounts.seller.address);
  console.log(
    JSON.stringify({ status: response.status, body: await response.text(), receipt, seller: String(seller) }),
  );
  if (response.status !== 200 || receipt?.success !== true || seller !== 1_000n) process.exitCode = 1;
} finally {
  for (const stop of stops) await stop();
}
