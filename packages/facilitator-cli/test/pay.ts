import { exactEvmClient } from "@x402kit/evm";
import type { TestChain } from "@x402kit/testchain";
import type { FacilitatorRequest, PaymentRequirements } from "@x402kit/types";
import type { LocalAccount } from "viem";

export type PaymentRequestParameters = {
  chain: TestChain;
  buyer: LocalAccount;
  /** Atomic units of the chain's MockUSDC. Default 1000. */
  amount?: string | undefined;
  /** Default the chain's seller. */
  payTo?: string | undefined;
  /** Default the chain's MockUSDC. */
  asset?: string | undefined;
};

/** A signed exact EIP-3009 payment on the test chain, as a facilitator request (v2). */
export async function paymentRequest(parameters: PaymentRequestParameters): Promise<FacilitatorRequest> {
  const { chain } = parameters;
  const requirements: PaymentRequirements = {
    scheme: "exact",
    network: chain.network,
    amount: parameters.amount ?? "1000",
    asset: parameters.asset ?? chain.usdc.address,
    payTo: parameters.payTo ?? chain.accounts.seller.address,
    maxTimeoutSeconds: 300,
    extra: { name: chain.usdc.name, version: chain.usdc.version },
  };
  const { payload } = await exactEvmClient({ account: parameters.buyer }).createPaymentPayload({
    requirements,
  });
  return {
    x402Version: 2,
    paymentPayload: { x402Version: 2, accepted: requirements, payload },
    paymentRequirements: requirements,
  };
}

/** POSTs a facilitator request; the status and the parsed answer. */
export async function post(
  url: string,
  path: "/verify" | "/settle",
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}
