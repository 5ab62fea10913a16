import { describe, it } from "vitest";
import { startFaremeterFacilitator } from "../peers/faremeterFacilitator.js";
import { startFaremeterServer } from "../peers/faremeterServer.js";
import { runAndReport } from "./conformanceRun.js";

// Faremeter (@faremeter/* 0.22 from npm), an implementation nobody here wrote, through the thin adapters in peers/.
// Its results are pinned case by case in results/faremeter/ (README: "Results"); the client is in its own file.
const facilitatorSubject =
  "createFacilitatorHandler, routed by @faremeter/types' verifyX402Payment / settleX402Payment behind our own " +
  "loopback HTTP glue (peers/faremeterFacilitator.ts): Faremeter publishes no facilitator service on npm";

describe("Faremeter", () => {
  it("facilitator: @faremeter/payment-evm's exact handler", { timeout: 180_000 }, async () => {
    await runAndReport(
      "faremeter-facilitator",
      { target: "facilitator", start: startFaremeterFacilitator },
      {
        publish: {
          implementation: "Faremeter",
          subject: `@faremeter/payment-evm 0.22.0 ${facilitatorSubject}`,
        },
      },
    );
  });

  it("facilitator, Solana: @faremeter/payment-solana's exact handler", { timeout: 180_000 }, async () => {
    await runAndReport(
      "faremeter-facilitator-solana",
      { target: "facilitator", family: "solana", start: startFaremeterFacilitator },
      {
        publish: {
          implementation: "Faremeter",
          subject: `@faremeter/payment-solana 0.22.0 ${facilitatorSubject}`,
        },
      },
    );
  });

  it("server, Solana: @faremeter/middleware/express on a Solana network", { timeout: 120_000 }, async () => {
    await runAndReport(
      "faremeter-server-solana",
      { target: "server", family: "solana", start: startFaremeterServer },
      {
        publish: {
          implementation: "Faremeter",
          subject:
            "@faremeter/middleware 0.22.0 (express, facilitatorURL mode, x402 v2 switched on) on a Solana network; its " +
            "POST /accepts is answered by the adapter's shim with the accepts and the facilitator's fee payer " +
            "(peers/faremeterServer.ts)",
        },
      },
    );
  });

  it("server: @faremeter/middleware/express", { timeout: 180_000 }, async () => {
    await runAndReport(
      "faremeter-server",
      { target: "server", start: startFaremeterServer },
      {
        publish: {
          implementation: "Faremeter",
          subject:
            "@faremeter/middleware 0.22.0 (express, facilitatorURL mode, x402 v2 switched on); its POST /accepts, " +
            "not a spec route, is answered by the adapter's shim with the accepts unchanged (peers/faremeterServer.ts)",
        },
      },
    );
  });
});
