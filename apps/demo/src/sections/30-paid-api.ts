import { eip2612GasSponsoringExtension, exactEvmServer } from "@x402kit/evm";
import { paymentMiddleware } from "@x402kit/server/hono";
import { uptoEvmServer } from "@x402kit/upto-evm";
import { Hono } from "hono";
import { defineSection } from "../demo/defineSection.js";
import { formatAmount } from "../demo/formatAmount.js";
import { listenHono } from "../demo/listenHono.js";

declare module "../demo/types.js" {
  interface Stage {
    /** The paid API (hono behind x402kit's middleware). */
    api: { url: string };
  }
}

/** The LLM route: $0.0001 (100 atomic units) per token, at most $0.05 (50,000 atomic units). */
export const llm = { pricePerToken: 100n, maximum: "$0.05", maximumAtomic: 50_000n } as const;
/** The report route: 0.02 Permit Dollar, in atomic units. */
export const reportPrice = 20_000n;

export default defineSection({
  name: "paid-api",
  title: "A paid API: hono with x402kit's payment middleware",
  run: async (demo) => {
    const chain = demo.need("chain");
    const { usdc, pusd } = demo.need("tokens");
    const facilitator = demo.need("facilitator");
    const seller = chain.accounts.seller.address;
    const exact = (price: string) => ({ scheme: "exact", network: chain.network, price, payTo: seller });
    // Fixed prices in USDC (exact, EIP-3009); a metered LLM route (upto, through Permit2); a report in Permit
    // Dollar (exact, through Permit2). The Permit2 routes offer `eip2612GasSponsoring`: a buyer who never
    // approved Permit2 sends a signed EIP-2612 permit with the payment, and the facilitator submits both.
    const routes = {
      "GET /weather": {
        accepts: exact("$0.001"),
        description: "Current weather",
        mimeType: "application/json",
      },
      "GET /news": {
        accepts: exact("$0.01"),
        description: "Today's headlines",
        mimeType: "application/json",
      },
      "POST /summarize": {
        accepts: exact("$0.05"),
        description: "Summarise a text",
        mimeType: "application/json",
      },
      "POST /llm": {
        // upto: the price is the maximum; the handler reports what the request used.
        accepts: { scheme: "upto", network: chain.network, price: llm.maximum, payTo: seller },
        description: "A language model, $0.0001 per token, at most $0.05 a request",
        mimeType: "application/json",
        extensions: eip2612GasSponsoringExtension(),
      },
      "GET /report": {
        accepts: {
          scheme: "exact",
          network: chain.network,
          price: {
            amount: String(reportPrice),
            asset: pusd.address,
            extra: { name: pusd.name, version: pusd.version, assetTransferMethod: "permit2" },
          },
          payTo: seller,
        },
        description: "A market report, paid in Permit Dollar through Permit2",
        mimeType: "application/json",
        extensions: eip2612GasSponsoringExtension(),
      },
    };
    const asset = { address: usdc.address, name: usdc.name, version: usdc.version, decimals: usdc.decimals };
    const app = new Hono();
    app.use(
      paymentMiddleware({
        routes,
        schemes: [
          exactEvmServer({ assets: { [chain.network]: asset } }),
          uptoEvmServer({ assets: { [chain.network]: asset }, facilitator: facilitator.client }),
        ],
        facilitator: facilitator.client,
      }),
    );
    app.get("/", (c) => c.json({ free: true }));
    app.get("/weather", (c) => c.json({ city: "Lisbon", forecast: "sunny", celsius: 21 }));
    app.get("/news", (c) => c.json({ headlines: ["Agents pay per request", "HTTP 402 finds its purpose"] }));
    app.post("/summarize", async (c) => {
      const { text } = await c.req.json<{ text: string }>();
      return c.json({ summary: `${text.split(/\s+/).slice(0, 6).join(" ")}…` });
    });
    app.post("/llm", async (c) => {
      const { prompt } = await c.req.json<{ prompt: string }>();
      const completion = `You asked: ${prompt.split(/\s+/).slice(0, 4).join(" ")}… The answer is 402.`;
      // A "token" here is a word, of the prompt and of the completion.
      const tokensUsed = BigInt(`${prompt} ${completion}`.split(/\s+/).filter(Boolean).length);
      const charge = tokensUsed * llm.pricePerToken;
      c.get("x402")?.setSettlementAmount(charge); // at most the maximum the client authorised
      return c.json({ tokens: Number(tokensUsed), charged: String(charge), completion });
    });
    app.get("/report", (c) => c.json({ market: "x402", trend: "up", payments: "per request" }));
    const api = await listenHono(app);
    demo.onStop(() => api.close());
    demo.provide("api", { url: api.url });
    demo.print(`url              ${api.url}`);
    for (const [route, { accepts }] of Object.entries(routes)) {
      const price =
        typeof accepts.price === "string"
          ? accepts.price
          : formatAmount(reportPrice, pusd.decimals, pusd.symbol);
      demo.print(`  ${route.padEnd(15)} ${accepts.scheme.padEnd(6)} ${price}`);
    }
    demo.print(`  ${"GET /".padEnd(15)} free`);
  },
});
