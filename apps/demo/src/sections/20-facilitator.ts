import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CreateFacilitatorClientReturnType, createFacilitatorClient } from "@x402kit/core";
import { exactEvmFacilitator } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer, createSqliteStore } from "@x402kit/facilitator";
import { uptoEvmFacilitator } from "@x402kit/upto-evm";
import { pino } from "pino";
import { type Address, formatEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { defineSection } from "../demo/defineSection.js";

declare module "../demo/types.js" {
  interface Stage {
    /** x402kit's facilitator over HTTP; `address` sends every settlement and pays its gas. */
    facilitator: { url: string; address: Address; client: CreateFacilitatorClientReturnType };
  }
}

export default defineSection({
  name: "facilitator",
  title: "An x402kit facilitator over HTTP (exact and upto), its state in SQLite",
  run: async (demo) => {
    const chain = demo.need("chain");
    const dataDir = mkdtempSync(join(tmpdir(), "x402kit-demo-"));
    demo.onStop(() => rmSync(dataDir, { recursive: true, force: true }));
    const signer = privateKeyToAccount(chain.accounts.facilitator.privateKey);
    const networks = { [chain.network]: { rpcUrl: chain.rpcUrl, signer } };
    // exact and upto settle from the same account, so they share one nonce manager.
    const exact = exactEvmFacilitator({ networks });
    const logger = pino({ level: "warn" });
    const facilitator = createFacilitator({
      store: createSqliteStore({ path: join(dataDir, "facilitator.db") }),
      logger,
      schemes: [exact, uptoEvmFacilitator({ networks, nonceManager: exact.nonceManager })],
    });
    const server = await createFacilitatorServer({ facilitator, logger }).listen({ port: 0 });
    demo.onStop(() => server.close());
    demo.provide("facilitator", {
      url: server.url,
      address: signer.address,
      client: createFacilitatorClient({ url: server.url }),
    });
    const eth = await chain.publicClient.getBalance({ address: signer.address });
    demo.print(`url              ${server.url}  (POST /verify, POST /settle, GET /supported)`);
    demo.print(
      `account          ${signer.address}  sends every settlement, pays its gas (${formatEther(eth)} ETH)`,
    );
    demo.print(`store            ${join(dataDir, "facilitator.db")}`);
  },
});
