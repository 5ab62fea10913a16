import type { Address, KeyPairSigner } from "@solana/kit";
import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import type { SuiteSolana } from "../suite/startSuiteSolana.js";
import { CaseFailure } from "./CaseOutcome.js";
import { show } from "./createExpect.js";
import type { ServerApi } from "./createServerApi.js";
import type { SignExactSvmPayment, SignExactSvmPaymentParameters } from "./signExactSvmPayment.js";

/** The Solana part of a server run (`--family solana`): the chain, PAY_TO, and payments built from the route's 402. */
export type SvmServerApi = {
  chain: SuiteSolana;
  /** PAY_TO: a fresh Solana address with an empty mock USDC token account. */
  payTo: Address;
  /**
   * Builds and signs an exact SVM payment for the requirement on the chain's network that `path` offers (its own
   * `extra.feePayer` included), overrides as in `signExactPayment` of the Solana cases.
   */
  signFor: (
    path: string,
    buyer: KeyPairSigner,
    overrides?: SignExactSvmPaymentParameters["overrides"],
  ) => Promise<{ payload: PaymentPayload; requirements: PaymentRequirements }>;
};

export type CreateSvmServerApiParameters = {
  server: Pick<ServerApi, "paymentRequired">;
  chain: SuiteSolana;
  payTo: Address;
  signExactPayment: SignExactSvmPayment;
};

export function createSvmServerApi(parameters: CreateSvmServerApiParameters): SvmServerApi {
  const { server, chain } = parameters;
  return {
    chain,
    payTo: parameters.payTo,
    signFor: async (path, buyer, overrides) => {
      const { paymentRequired } = await server.paymentRequired(path);
      const requirements = paymentRequired.accepts.find(
        (r) => r.scheme === "exact" && r.network === chain.network,
      );
      if (!requirements)
        throw new CaseFailure(
          `GET ${path}: no "exact" requirement on ${chain.network} in ${show(paymentRequired.accepts)}`,
        );
      const payload = await parameters.signExactPayment({
        buyer,
        requirements,
        overrides: { resourceUrl: paymentRequired.resource.url, ...overrides },
      });
      return { payload, requirements };
    },
  };
}
