import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { createFacilitatorClient } from "@x402kit/core";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { paymentMiddleware } from "@x402kit/server/hono";
import { exactSvmClient, exactSvmFacilitator, exactSvmServer } from "@x402kit/svm";
import { startSolanaTestChain } from "@x402kit/testchain/solana";
import { Hono } from "hono";
import { pino } from "pino";
import { DemoError } from "../demo/DemoError.js";
import { defineSection } from "../demo/defineSection.js";
import { formatAmount } from "../demo/formatAmount.js";
import { formatTable } from "../demo/formatTable.js";
import { listenHono } from "../demo/listenHono.js";

/** The Solana route's price: $0.001, 1 000 atomic units of USDC (6 decimals). */
const price = { usd: "$0.001", atomic: 1_000n } as const;

export default defineSection({
  name: "solana",
  title:
    "The same on Solana: a local Solana chain, a facilitator that pays the fee, one payment (exact, TransferChecked)",
  run: async (demo) => {
    const chain = await startSolanaTestChain({ buyers: 1 });
    demo.onStop(() => chain.stop());
    const { buyer, seller, facilitator: feePayer } = chain.accounts;
    const logger = pino({ level: "warn" });
    const facilitator = createFacilitator({
      schemes: [
        exactSvmFacilitator({
          networks: { [chain.network]: { rpc: chain.rpcUrl, feePayer: feePayer.signer } },
          pollingIntervalMs: 100,
        }),
      ],
      logger,
    });
    const facilitatorServer = await createFacilitatorServer({ facilitator, logger }).listen({ port: 0 });
    demo.onStop(() => facilitatorServer.close());
    const client = createFacilitatorClient({ url: facilitatorServer.url });

    const app = new Hono();
    app.use(
      paymentMiddleware({
        routes: {
          "GET /solana/weather": {
            accepts: { scheme: "exact", network: chain.network, price: price.usd, payTo: seller.address },
            description: "Current weather, paid on Solana",
            mimeType: "application/json",
          },
        },
        schemes: [exactSvmServer({ facilitator: client })],
        facilitator: client,
      }),
    );
    app.get("/solana/weather", (c) => c.json({ city: "Lisbon", forecast: "sunny", celsius: 21 }));
    const api = await listenHono(app);
    demo.onStop(() => api.close());
    demo.print(
      `chain            ${chain.rpcUrl}  ${chain.network} (a test chain answering as devnet, litesvm)`,
    );
    demo.print(`facilitator      ${facilitatorServer.url}  fee payer ${feePayer.address}`);

    const balances = () =>
      Promise.all([
        chain.balanceOf(chain.usdc.address, buyer.address),
        chain.balanceOf(chain.usdc.address, seller.address),
        chain.lamports(feePayer.address),
        chain.lamports(buyer.address),
      ]);
    const before = await balances();
    const paidFetch = wrapFetch(
      fetch,
      createX402Client({ schemes: [exactSvmClient({ signer: buyer.signer, rpc: chain.rpcUrl })] }),
    );
    const response = await paidFetch(`${api.url}/solana/weather`);
    const receipt = getPaymentReceipt(response);
    if (response.status !== 200 || !receipt?.success)
      throw new DemoError(`the Solana payment failed: ${response.status} ${JSON.stringify(receipt)}`);
    const after = await balances();
    const [paid, received, fee, buyerLamports] = [
      before[0]! - after[0]!,
      after[1]! - before[1]!,
      before[2]! - after[2]!,
      before[3]! - after[3]!,
    ];
    if (paid !== price.atomic || received !== price.atomic || buyerLamports !== 0n)
      throw new DemoError(`Solana balances moved by ${paid}, ${received}, ${buyerLamports} lamports`);
    demo.print();
    for (const line of formatTable(
      ["route", "method", "price", "status", "paid", "transaction"],
      [
        [
          "GET /solana/weather",
          "TransferChecked",
          price.usd,
          String(response.status),
          formatAmount(paid, 6, "USDC"),
          receipt.transaction,
        ],
      ],
    ))
      demo.print(line);
    demo.print(
      `\nreconciled on Solana: the buyer paid ${formatAmount(paid, 6, "USDC")} and no SOL, the seller received it; ` +
        `the fee payer paid the fee, ${fee} lamports (2 signatures and the priority fee)`,
    );
  },
});
