import type { PaymentRequirements } from "@x402kit/types";
import type { SuiteSolana } from "../suite/startSuiteSolana.js";
import type { SolanaContext } from "../types.js";
import { createSignExactSvmPayment } from "./signExactSvmPayment.js";

/** The Solana part of the subject's env (README: the facilitator target, `--family solana`). */
export function solanaEnv(solana: SuiteSolana): Record<string, string> {
  return {
    SVM_RPC_URL: solana.rpcUrl,
    SVM_NETWORK: solana.network,
    SVM_ASSET: solana.usdc.address,
    SVM_FEE_PAYER_KEY: solana.feePayerKey,
    SVM_FEE_PAYER_ADDRESS: solana.feePayer,
  };
}

/** What the Solana cases get: the chain, exact SVM requirements and the suite's exact SVM client. */
export function createSolanaContext(solana: SuiteSolana): SolanaContext {
  return {
    chain: solana,
    requirements: async (overrides = {}): Promise<PaymentRequirements> => ({
      scheme: "exact",
      network: solana.network,
      amount: "10000",
      asset: solana.usdc.address,
      payTo: await solana.newPayTo(),
      maxTimeoutSeconds: 60,
      extra: { feePayer: solana.feePayer },
      ...overrides,
    }),
    signExactPayment: createSignExactSvmPayment({ solana }),
  };
}
