import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import type { PayloadSigner } from "../adapters/types.js";
import { measure } from "../harness/measure.js";
import { benchRequirements } from "./benchRequirements.js";
import { runSideBySide } from "./runSideBySide.js";
import type { FigureRow, ScenarioContext } from "./types.js";

/**
 * Scenario 4: how long a client takes to turn a 402's PaymentRequired into a `PAYMENT-SIGNATURE` header: choose the
 * requirement, sign the EIP-3009 authorization (EIP-712), encode. One at a time; no network involved.
 */
export async function createPaymentScenario(context: ScenarioContext): Promise<FigureRow[]> {
  const { count } = context.plan.createPayment;
  const { paymentRequired } = benchRequirements({
    chain: context.benchChain,
    payTo: privateKeyToAddress(generatePrivateKey()),
    amount: 1_000n,
  });
  const sign = (signer: PayloadSigner) => async () => {
    const { header } = await signer.signPayload(paymentRequired);
    if (header.length === 0) return false;
  };
  return runSideBySide<
    PayloadSigner,
    { scenario: "createPayment"; name: string; parameters: { concurrency: 1; count: number } }
  >(context, {
    figures: [
      { scenario: "createPayment", name: "create payment c=1", parameters: { concurrency: 1, count } },
    ],
    async setup(participant) {
      const signer = participant.implementation.createPayloadSigner({
        chain: context.benchChain,
        privateKey: participant.buyerKey,
      });
      for (let i = 0; i < context.plan.warmup; i++) await sign(signer)();
      return signer;
    },
    run: (signer, figure) => measure({ name: figure.name, concurrency: 1, count, run: sign(signer) }),
    teardown: async () => {},
  });
}
