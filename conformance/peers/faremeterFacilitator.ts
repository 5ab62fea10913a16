// Adapter: Faremeter (@faremeter/payment-evm and @faremeter/payment-solana 0.22, from npm) as a facilitator under test.
// Command: x402-conformance facilitator --cmd "tsx peers/faremeterFacilitator.ts"
// Env (from the suite): RPC_URL, CHAIN_ID, FACILITATOR_PRIVATE_KEY, NETWORK, ASSET, ASSET_NAME, PORT; with
// --family solana instead SVM_RPC_URL, SVM_NETWORK, SVM_ASSET, SVM_FEE_PAYER_KEY, PORT.
//
// Faremeter publishes no facilitator service on npm (no @faremeter/facilitator): its scheme packages export
// facilitator *handlers* (`createFacilitatorHandler`), and @faremeter/types routes a request to them
// (`verifyX402Payment`, `settleX402Payment`). This file is our own minimal loopback HTTP glue around those: the
// spec's three routes, nothing else. A thrown error becomes HTTP 500 (as in the reference's glue).

import { createFacilitatorHandler as createEvmHandler } from "@faremeter/payment-evm/exact";
import { createFacilitatorHandler as createSolanaHandler } from "@faremeter/payment-solana/exact";
import type { FacilitatorHandler } from "@faremeter/types/facilitator";
import { settleX402Payment, verifyX402Payment } from "@faremeter/types/x402-handlers";
import { createKeyPairSignerFromBytes, getBase58Encoder } from "@solana/kit";
import { isMain } from "./listenExpress.js";
import { serveFacilitatorRoutes } from "./serveFacilitatorRoutes.js";

export async function startFaremeterFacilitator(env: Record<string, string | undefined>) {
  // Each handler declares the network and asset it was configured with (`capabilities`, "required for in-process
  // usage" in @faremeter/types): the routing functions only consider handlers that declare them.
  const declare = (handler: FacilitatorHandler, network: string, asset: string): FacilitatorHandler => ({
    ...handler,
    capabilities: { networks: [network], assets: [asset] },
    schemes: ["exact"],
  });
  const handlers: FacilitatorHandler[] = [];
  // A Solana run (--family solana) starts no EVM chain: RPC_URL and the rest are then absent.
  if (env["RPC_URL"]) {
    const rpcUrl = env["RPC_URL"];
    const chainId = Number(env["CHAIN_ID"]);
    const network = env["NETWORK"] ?? `eip155:${chainId}`;
    handlers.push(
      declare(
        await createEvmHandler(
          { id: chainId, name: `chain ${chainId}`, rpcUrls: { default: { http: [rpcUrl] } } },
          env["FACILITATOR_PRIVATE_KEY"]!,
          { address: env["ASSET"] as `0x${string}`, contractName: env["ASSET_NAME"]! },
          { network },
        ),
        network,
        env["ASSET"]!,
      ),
    );
  }
  if (env["SVM_RPC_URL"]) {
    const feePayer = await createKeyPairSignerFromBytes(
      new Uint8Array(getBase58Encoder().encode(env["SVM_FEE_PAYER_KEY"]!)),
    );
    handlers.push(
      declare(
        await createSolanaHandler(
          env["SVM_NETWORK"]!,
          env["SVM_RPC_URL"],
          feePayer as never, // @solana/kit 8's KeyPairSigner; Faremeter's types name kit 6's
          env["SVM_ASSET"] as never,
        ),
        env["SVM_NETWORK"]!,
        env["SVM_ASSET"]!,
      ),
    );
  }

  return serveFacilitatorRoutes(
    {
      supported: async () => {
        const kinds = await Promise.all(handlers.flatMap((h) => h.getSupported?.() ?? []));
        const signers: Record<string, string[]> = {};
        for (const h of handlers) Object.assign(signers, (await h.getSigners?.()) ?? {});
        return { kinds, extensions: [], signers };
      },
      verify: (payload, requirements) => verifyX402Payment(handlers, requirements as never, payload as never),
      settle: (payload, requirements) => settleX402Payment(handlers, requirements as never, payload as never),
    },
    Number(env["PORT"] ?? 0),
  );
}

if (isMain(import.meta.url)) {
  const { url } = await startFaremeterFacilitator(process.env);
  console.log(`Faremeter facilitator listening on ${url}`);
}
