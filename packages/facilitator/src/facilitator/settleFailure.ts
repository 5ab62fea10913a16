import type { SettleResponse } from "@x402kit/types";

/** A settle failure (spec v2 §5.3): `transaction` is "" because nothing was settled. */
export function settleFailure(parameters: {
  network: string;
  reason: string;
  message?: string | undefined;
  payer?: string | undefined;
}): SettleResponse {
  return {
    success: false,
    errorReason: parameters.reason,
    ...(parameters.message ? { errorMessage: parameters.message } : {}),
    transaction: "",
    network: parameters.network,
    ...(parameters.payer ? { payer: parameters.payer } : {}),
  };
}
