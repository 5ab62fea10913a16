// Adapter: Faremeter's client (@faremeter/fetch + @faremeter/payment-evm + @faremeter/wallet-evm 0.22, from npm)
// as a client under test. Command: x402-conformance client --cmd "tsx peers/faremeterClient.ts"
// Env (from the suite): RESOURCE_URL, PRIVATE_KEY, CHAIN_ID, ASSET, ASSET_NAME. Prints the result line.
// Faremeter's defaults otherwise (retries included). MAX_AMOUNT is not passed on: @faremeter/fetch has no spending
// limit option, and the adapter adds none.
import { wrap } from "@faremeter/fetch";
import { createPaymentHandler } from "@faremeter/payment-evm/exact";
import { createLocalWallet } from "@faremeter/wallet-evm";
import { fetchAndPrintResult } from "./printResult.js";

const env = process.env;
const chainId = Number(env["CHAIN_ID"]);
const wallet = await createLocalWallet({ id: chainId, name: `chain ${chainId}` }, env["PRIVATE_KEY"]!);
const fetchWithPayment = wrap(fetch, {
  // The suite's MockUSDC is no asset Faremeter knows by name: it is given by address and EIP-712 name.
  handlers: [
    createPaymentHandler(wallet, {
      asset: { address: env["ASSET"] as `0x${string}`, contractName: env["ASSET_NAME"]! },
    }),
  ],
});
await fetchAndPrintResult(fetchWithPayment, env["RESOURCE_URL"]!);
