import type { SettleResponse } from "@x402kit/types";

/**
 * The answer while a settlement's outcome is unknown: `settlement_pending` with the transaction hash (when one was
 * sent), never a failure that would make the payer sign again. Settling the same payload again gives the outcome.
 */
export function settlePending(parameters: {
  network: string;
  transaction?: string | undefined;
  payer?: string | undefined;
  message?: string | undefined;
}): SettleResponse {
  return {
    success: false,
    errorReason: "settlement_pending",
    errorMessage:
      parameters.message ??
      "The settlement was sent and its receipt has not arrived yet; settle the same payload again for its outcome.",
    transaction: parameters.transaction ?? "",
    network: parameters.network,
    ...(parameters.payer ? { payer: parameters.payer } : {}),
  };
}
