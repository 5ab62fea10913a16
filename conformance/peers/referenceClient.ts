// Adapter: the reference v2 client (@x402/fetch + @x402/evm, from npm) as a client under test.
// Command: x402-conformance client --cmd "pnpm exec tsx peers/referenceClient.ts"
// Env (from the suite): RESOURCE_URL, PRIVATE_KEY, NETWORK, ASSET, MAX_AMOUNT (optional). Prints the result line.
import { x402Client } from "@x402/core/client";
import { toClientEvmSigner } from "@x402/evm";
import { registerExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment } from "@x402/fetch";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { fetchAndPrintResult } from "./printResult.js";

const env = process.env;
const network = env["NETWORK"] as `${string}:${string}`;
const client = new x402Client();
registerExactEvmScheme(client, {
  signer: toClientEvmSigner(privateKeyToAccount(env["PRIVATE_KEY"] as Hex)),
  networks: [network],
});
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
