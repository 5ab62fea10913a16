import type { PaymentRequirements } from "@x402kit/types";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { ConformanceError } from "../errors/ConformanceError.js";
import type { SpecSchema } from "../spec/loadSpecSchema.js";
import type { SuiteChain } from "../suite/suiteChain.js";
import type { BaseContext, Buyer } from "../types.js";
import { createExpect } from "./createExpect.js";
import { createSignExactPayment } from "./signExactPayment.js";

/** One USDC: what a fresh buyer holds unless a case asks otherwise. */
export const defaultBuyerFunds = 1_000_000n;

/** A fresh key and its account. */
export function newAccount(): Buyer {
  const privateKey = generatePrivateKey();
  const account = privateKeyToAccount(privateKey);
  return { address: account.address, privateKey, account };
}

/** Default exact-EVM requirements on the suite's chain: 0.01 USDC, 300 s, MockUSDC's EIP-712 domain in `extra`. */
export function defaultRequirements(
  chain: SuiteChain,
  overrides: Partial<PaymentRequirements> = {},
): PaymentRequirements {
  return {
    scheme: "exact",
    network: chain.network,
    amount: "10000",
    asset: chain.usdc.address,
    payTo: newAccount().address,
    maxTimeoutSeconds: 300,
    extra: { name: chain.usdc.name, version: chain.usdc.version },
    ...overrides,
  };
}

/**
 * The EVM chain of a Solana run, which starts none: a Solana run selects Solana cases only, and those use their
 * context's `solana` part, so any use of it is a mistake in a case, reported as such.
 */
export const absentEvmChain: SuiteChain = new Proxy({} as SuiteChain, {
  get: (_target, key) => {
    throw new ConformanceError("usage", `a Solana run has no EVM chain (chain.${String(key)})`);
  },
});

/** The helpers every case gets. */
export function createBaseContext(
  chain: SuiteChain,
  hooks: Pick<BaseContext, "warn" | "skip" | "inform">,
  specSchema?: SpecSchema,
): BaseContext {
  return {
    chain,
    expect: createExpect({ chain, warn: hooks.warn, specSchema }),
    warn: hooks.warn,
    inform: hooks.inform,
    skip: hooks.skip,
    newBuyer: async ({ usdc = defaultBuyerFunds } = {}) => {
      const buyer = newAccount();
      if (usdc > 0n) await chain.mint(buyer.address, usdc);
      return buyer;
    },
    newAddress: () => newAccount().address,
    requirements: (overrides) => defaultRequirements(chain, overrides),
    signExactPayment: createSignExactPayment({ chain }),
  };
}
