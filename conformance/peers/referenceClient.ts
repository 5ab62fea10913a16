// Adapter: the reference v2 client (@x402/fetch + @x402/evm, or @x402/svm on a Solana NETWORK, from npm) as a client
// under test.
// Command: x402-conformance client --cmd "pnpm exec tsx peers/referenceClient.ts"
// Env (from the suite): RESOURCE_URL, PRIVATE_KEY, NETWORK, ASSET, MAX_AMOUNT (optional); on Solana also RPC_URL.
// Prints the result line.

import { x402Client } from "@x402/core/client";
import { wrapFetchWithPayment } from "@x402/fetch";
import type { Hex } from "viem";
import { fetchAndPrintResult } from "./printResult.js";

const env = process.env;
const network = env["NETWORK"] as `${string}:${string}`;
const client = new x402Client();
// Only the family's packages are loaded: the command starts once per case.
if (network.startsWith("solana:")) {
  // --family solana: PRIVATE_KEY is a base58 64-byte secret key; the scheme reads the mint and a blockhash from RPC_URL.
  const [{ createKeyPairSignerFromBytes, getBase58Encoder }, { ExactSvmScheme }] = await Promise.all([
    import("@solana/kit"),
    import("@x402/svm/exact/client"),
  ]);
  const signer = await createKeyPairSignerFromBytes(
    new Uint8Array(getBase58Encoder().encode(env["PRIVATE_KEY"]!)),
  );
  client.register(network, new ExactSvmScheme(signer, { rpcUrl: env["RPC_URL"]! }));
} else {
  const [{ toClientEvmSigner }, { registerExactEvmScheme }, { privateKeyToAccount }] = await Promise.all([
    import("@x402/evm"),
    import("@x402/evm/exact/client"),
    import("viem/accounts"),
  ]);
  registerExactEvmScheme(client, {
    signer: toClientEvmSigner(privateKeyToAccount(env["PRIVATE_KEY"] as Hex)),
    networks: [network],
  });
}
// The reference refuses assets it does not know: allow the suite's MockUSDC, capped by MAX_AMOUNT when given.
client.setSpendControls({
  maxAmountPerPayment: false,
  allowedAssets: [
    {
      network,
      asset: env["ASSET"]!,
      ...(env["MAX_AMOUNT"] ? { maxAmountPerPayment: env["MAX_AMOUNT"] } : {}),
    },
  ],
});
const fetchWithPayment = wrapFetchWithPayment(fetch, client);
await fetchAndPrintResult(fetchWithPayment, env["RESOURCE_URL"]!);
