// Adapter: Faremeter's client (@faremeter/fetch + @faremeter/payment-evm + @faremeter/wallet-evm 0.22, or on a Solana
// NETWORK @faremeter/payment-solana + @faremeter/wallet-solana, from npm) as a client under test.
// Command: x402-conformance client --cmd "tsx peers/faremeterClient.ts"
// Env (from the suite): RESOURCE_URL, PRIVATE_KEY, CHAIN_ID, ASSET, ASSET_NAME; on Solana NETWORK, ASSET, RPC_URL,
// PRIVATE_KEY. Prints the result line.
// Faremeter's defaults otherwise (retries included). MAX_AMOUNT is not passed on: @faremeter/fetch has no spending
// limit option, and the adapter adds none.
import { wrap } from "@faremeter/fetch";
import type { PaymentHandler } from "@faremeter/types/client";
import { fetchAndPrintResult } from "./printResult.js";

const env = process.env;

/**
 * The payment handler for NETWORK; only the family's packages are loaded (the command starts once per case). On
 * Solana (--family solana): @faremeter/payment-solana's exact handler with @faremeter/wallet-solana's local wallet
 * (PRIVATE_KEY, a base58 64-byte secret key), the mint (ASSET) and the chain's RPC_URL.
 */
async function handler(): Promise<PaymentHandler> {
  const network = env["NETWORK"] ?? "";
  if (network.startsWith("solana:")) {
    const [{ getBase58Encoder }, { createPaymentHandler }, { createLocalWallet }] = await Promise.all([
      import("@solana/kit"),
      import("@faremeter/payment-solana/exact"),
      import("@faremeter/wallet-solana"),
    ]);
    const secretKey = new Uint8Array(getBase58Encoder().encode(env["PRIVATE_KEY"]!));
    const wallet = await createLocalWallet(network, secretKey);
    return createPaymentHandler(wallet, env["ASSET"] as never, env["RPC_URL"]!);
  }
  const [{ createPaymentHandler }, { createLocalWallet }] = await Promise.all([
    import("@faremeter/payment-evm/exact"),
    import("@faremeter/wallet-evm"),
  ]);
  const chainId = Number(env["CHAIN_ID"]);
  const wallet = await createLocalWallet({ id: chainId, name: `chain ${chainId}` }, env["PRIVATE_KEY"]!);
  // The suite's MockUSDC is no asset Faremeter knows by name: it is given by address and EIP-712 name.
  return createPaymentHandler(wallet, {
    asset: { address: env["ASSET"] as `0x${string}`, contractName: env["ASSET_NAME"]! },
  });
}

const fetchWithPayment = wrap(fetch, { handlers: [await handler()] });
await fetchAndPrintResult(fetchWithPayment, env["RESOURCE_URL"]!);
