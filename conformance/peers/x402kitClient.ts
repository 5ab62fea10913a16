// Adapter: x402kit's client (@x402kit/client wrapFetch + exactEvmClient, or exactSvmClient on a Solana NETWORK) as
// a client under test. It speaks v2 and, against a v1 server, v1 (there is no switch: it answers in the server's
// version).
// Command: x402-conformance client --cmd "tsx --conditions=source peers/x402kitClient.ts"
// Env (from the suite): RESOURCE_URL, PRIVATE_KEY, NETWORK, MAX_AMOUNT (optional); on Solana also RPC_URL. Prints
// the result line.

import { createX402Client, PaymentError, wrapFetch } from "@x402kit/client";
import type { SchemeClient } from "@x402kit/core";
import { headerNames } from "@x402kit/types";
import type { Hex } from "viem";
import { printResult } from "./printResult.js";

const env = process.env;

/**
 * The scheme for NETWORK; with --family solana, NETWORK is a Solana network, PRIVATE_KEY a base58 64-byte secret key,
 * RPC_URL the chain's. Only the family's packages are loaded: the command starts once per case.
 */
async function scheme(): Promise<SchemeClient> {
  if (env["NETWORK"]?.startsWith("solana:")) {
    const [{ createKeyPairSignerFromBytes, getBase58Encoder }, { exactSvmClient }] = await Promise.all([
      import("@solana/kit"),
      import("@x402kit/svm"),
    ]);
    const secretKey = new Uint8Array(getBase58Encoder().encode(env["PRIVATE_KEY"]!));
    return exactSvmClient({ signer: await createKeyPairSignerFromBytes(secretKey), rpc: env["RPC_URL"]! });
  }
  const [{ exactEvmClient }, { privateKeyToAccount }] = await Promise.all([
    import("@x402kit/evm"),
    import("viem/accounts"),
  ]);
  return exactEvmClient({ account: privateKeyToAccount(env["PRIVATE_KEY"] as Hex) });
}
const client = createX402Client({
  schemes: [await scheme()],
  ...(env["MAX_AMOUNT"] ? { spending: { maxPerRequest: BigInt(env["MAX_AMOUNT"]) } } : {}),
});
const paidFetch = wrapFetch(fetch, client);
try {
  const response = await paidFetch(env["RESOURCE_URL"]!);
  await response.text();
  printResult({
    status: response.status,
    paymentResponse:
      response.headers.get(headerNames.paymentResponse) ?? response.headers.get(headerNames.xPaymentResponse),
  });
} catch (error) {
  // A 402 this client may not pay (spending limit, no supported requirement) throws; report the 402 it saw.
  printResult({
    status: error instanceof PaymentError ? ((error.response as Response | undefined)?.status ?? null) : null,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
}
