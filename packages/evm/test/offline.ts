import type { PaymentRequirements } from "@x402kit/types";
import { createClient, custom } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { exactEvmFacilitator } from "../src/facilitator/exactEvmFacilitator.js";

/**
 * A viem client whose every request is recorded and refused: checks that need no RPC must fail before any request,
 * and the rest must turn the refusal into `unexpected_verify_error`.
 */
export function refusingClient() {
  const requests: string[] = [];
  const client = createClient({
    transport: custom(
      {
        async request({ method }) {
          requests.push(method);
          throw new Error(`unexpected RPC ${method}`);
        },
      },
      { retryCount: 0 },
    ),
  });
  return { client, requests };
}

export const buyer = privateKeyToAccount(
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
);
export const facilitatorSigner = privateKeyToAccount(
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
);

/** 0.01 USDC on Base Sepolia, with USDC's EIP-712 domain there. */
export const baseSepoliaRequirements: PaymentRequirements = {
  scheme: "exact",
  network: "eip155:84532",
  amount: "10000",
  asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
  payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
  maxTimeoutSeconds: 60,
  extra: { name: "USDC", version: "2" },
};

/** The Unix time that the offline tests run at. */
export const offlineNow = 1_740_672_000;

/** An exact facilitator for Base Sepolia whose RPC refuses everything, at `offlineNow`; `requests` records it. */
export function offlineExactFacilitator() {
  const { client: publicClient, requests } = refusingClient();
  const facilitator = exactEvmFacilitator({
    networks: { "eip155:84532": { publicClient, signer: facilitatorSigner } },
    now: () => offlineNow,
  });
  return { facilitator, publicClient, requests };
}
