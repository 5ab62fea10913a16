import { expect, it } from "vitest";
import { runAndReport } from "./conformanceRun.js";

// Faremeter's client (@faremeter/fetch 0.22 from npm), a command per case; its own file so that it runs beside the
// other targets. Results pinned in results/faremeter/client.json (README: "Results").
it("Faremeter client: @faremeter/fetch with @faremeter/payment-evm", { timeout: 300_000 }, async () => {
  await runAndReport(
    "faremeter-client",
    { target: "client", command: "node --import tsx peers/faremeterClient.ts" },
    {
      publish: {
        implementation: "Faremeter",
        subject:
          "@faremeter/fetch's wrap with @faremeter/payment-evm's createPaymentHandler and @faremeter/wallet-evm 0.22.0, " +
          "Faremeter's defaults (retries included), a command per case (peers/faremeterClient.ts)",
      },
    },
  );
});

it("Faremeter client, Solana: @faremeter/fetch with @faremeter/payment-solana", {
  timeout: 180_000,
}, async () => {
  const report = await runAndReport(
    "faremeter-client-solana",
    { target: "client", family: "solana", command: "node --import tsx peers/faremeterClient.ts" },
    {
      publish: {
        implementation: "Faremeter",
        subject:
          "@faremeter/fetch's wrap with @faremeter/payment-solana's createPaymentHandler and @faremeter/wallet-solana " +
          "0.22.0, Faremeter's defaults (retries included), a command per case (peers/faremeterClient.ts)",
      },
    },
  );
  // As on EVM: it pays again after a refusal (its retries), and has no spending limit.
  expect(report.summary.mustFailed).toBe(1);
});
