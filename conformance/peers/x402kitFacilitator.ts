// Adapter: x402kit's facilitator (@x402kit/facilitator + @x402kit/evm + @x402kit/upto-evm +
// @x402kit/batch-settlement-evm) in process, for the
// vitest run. The published CLI is tested as a command too (`x402kitCommands.facilitatorCli`).
// Command: x402-conformance facilitator --cmd "tsx --conditions=source peers/x402kitFacilitator.ts"
// Env (from the suite): RPC_URL, CHAIN_ID, FACILITATOR_PRIVATE_KEY, PORT; with --family solana instead SVM_RPC_URL,
// SVM_NETWORK, SVM_FEE_PAYER_KEY, PORT (then it serves exact on Solana only, @x402kit/svm).
import { createKeyPairSignerFromBytes, getBase58Encoder } from "@solana/kit";
import { batchSettlementEvmFacilitator } from "@x402kit/batch-settlement-evm";
import { exactEvmFacilitator } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer, createMemoryStore } from "@x402kit/facilitator";
import { exactSvmFacilitator } from "@x402kit/svm";
import { uptoEvmFacilitator } from "@x402kit/upto-evm";
import { pino } from "pino";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { isMain } from "./listenExpress.js";

/**
 * Wires the facilitator as the CLI does (exact and upto sharing one nonce manager, the store as its nonce store),
 * with an in-memory store, plus batch-settlement on the same nonce manager.
 */
export async function startX402kitFacilitator(env: Record<string, string | undefined>) {
  const store = createMemoryStore();
  const logger = pino({ level: env["X402KIT_LOG_LEVEL"] ?? "silent" });
  // A Solana run (--family solana) starts no EVM chain: RPC_URL and the rest are then absent.
  const networks = env["RPC_URL"]
    ? {
        [`eip155:${env["CHAIN_ID"]}`]: {
          rpcUrl: env["RPC_URL"],
          signer: privateKeyToAccount(env["FACILITATOR_PRIVATE_KEY"] as Hex),
        },
      }
    : undefined;
  const exact = networks ? exactEvmFacilitator({ networks, nonceStore: store }) : undefined;
  const svm = env["SVM_RPC_URL"]
    ? exactSvmFacilitator({
        networks: {
          [env["SVM_NETWORK"]!]: {
            rpc: env["SVM_RPC_URL"],
            feePayer: await createKeyPairSignerFromBytes(
              new Uint8Array(getBase58Encoder().encode(env["SVM_FEE_PAYER_KEY"]!)),
            ),
          },
        },
        pollingIntervalMs: 50,
      })
    : undefined;
  const facilitator = createFacilitator({
    // One nonce manager for both schemes: they settle from the same account.
    schemes: [
      ...(networks && exact
        ? [
            exact,
            uptoEvmFacilitator({ networks, nonceManager: exact.nonceManager }),
            batchSettlementEvmFacilitator({ networks, nonceManager: exact.nonceManager }),
          ]
        : []),
      ...(svm ? [svm] : []),
    ],
    store,
    logger,
  });
  await facilitator.recover();
  const server = await createFacilitatorServer({ facilitator, logger }).listen({
    port: Number(env["PORT"] ?? 0),
  });
  return { url: server.url, stop: server.close };
}

if (isMain(import.meta.url)) {
  const { url } = await startX402kitFacilitator(process.env);
  console.log(`x402kit facilitator listening on ${url}`);
}
