import { type PaymentRequirements, type PaymentRequirementsV1, v1NetworkToCaip2 } from "@x402kit/types";

/** Normalises v1 requirements (spec v1 §5) to the v2 form that the schemes work on (spec v2 §5.1). */
export function requirementsFromV1(requirements: PaymentRequirementsV1): PaymentRequirements {
  return {
    scheme: requirements.scheme,
    network: v1NetworkToCaip2(requirements.network) ?? requirements.network,
    amount: requirements.maxAmountRequired,
    asset: requirements.asset,
    payTo: requirements.payTo,
    maxTimeoutSeconds: requirements.maxTimeoutSeconds,
    ...(requirements.extra ? { extra: requirements.extra } : {}),
  };
}
