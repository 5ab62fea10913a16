// Adapter: the reference v1 client (x402-fetch 1.x, from npm) as a client under test. It only knows named networks
// (base-sepolia, ...): run the suite with --chain-id 84532.
// Command: x402-conformance client --chain-id 84532 --cmd "pnpm exec tsx peers/referenceClientV1.ts"
// Env (from the suite): RESOURCE_URL, PRIVATE_KEY, MAX_AMOUNT (optional). Prints the result line.
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { wrapFetchWithPayment } from "x402-fetch";
import { fetchAndPrintResult } from "./printResult.js";

const env = process.env;
const account = privateKeyToAccount(env["PRIVATE_KEY"] as Hex);
const maxValue = env["MAX_AMOUNT"] ? BigInt(env["MAX_AMOUNT"]) : 10n ** 12n;
const fetchWithPayment = wrapFetchWithPayment(fetch, account as never, maxValue);
await fetchAndPrintResult(fetchWithPayment, env["RESOURCE_URL"]!, "X-PAYMENT-RESPONSE");
