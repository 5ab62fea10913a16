import type { TestChain } from "@x402kit/testchain";
import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import type { Hex } from "viem";
import { exactEvmClient } from "../src/client/exactEvmClient.js";
import type { ExactEvmSigner } from "../src/client/signEip3009Authorization.js";

/** Requirements for 0.01 MockUSDC to the seller on the test chain. */
export function requirementsFor(
  chain: TestChain,
  change: Partial<PaymentRequirements> = {},
): PaymentRequirements {
  return {
    scheme: "exact",
    network: chain.network,
    amount: "10000",
    asset: chain.usdc.address,
    payTo: chain.accounts.seller.address,
    maxTimeoutSeconds: 60,
    extra: { name: chain.usdc.name, version: chain.usdc.version },
    ...change,
  };
}

/** Signs with the exact EVM client. `signed` are the requirements the client signs; `accepted` what it claims. */
export async function pay(
  account: ExactEvmSigner,
  signed: PaymentRequirements,
  options: { now?: number; accepted?: PaymentRequirements } = {},
): Promise<PaymentPayload> {
  const client = exactEvmClient({
    account,
    ...(options.now === undefined ? {} : { now: () => options.now! }),
  });
  const { payload } = await client.createPaymentPayload({ requirements: signed });
  return { x402Version: 2, accepted: options.accepted ?? signed, payload };
}

/** Replaces the payload's signature. */
export function withSignature(payment: PaymentPayload, signature: Hex): PaymentPayload {
  return { ...payment, payload: { ...payment.payload, signature } };
}

/** A settle context that records what was broadcast. */
export function recordBroadcasts(check?: (hash: string) => Promise<void>) {
  const hashes: string[] = [];
  return {
    hashes,
    context: {
      async onBroadcast(hash: string) {
        hashes.push(hash);
        await check?.(hash);
      },
    },
  };
}
