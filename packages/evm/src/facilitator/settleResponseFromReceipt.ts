import type { SettleResponse } from "@x402kit/types";

export type SettleResponseFromReceiptParameters = {
  receipt: { status: "success" | "reverted"; transactionHash: string };
  network: string;
  payer: string | undefined;
  amount: string;
};

/** The SettleResponse (spec v2 §5.3) for a mined settlement transaction. */
export function settleResponseFromReceipt(parameters: SettleResponseFromReceiptParameters): SettleResponse {
  const { receipt, network, payer, amount } = parameters;
  if (receipt.status === "success")
    return { success: true, transaction: receipt.transactionHash, network, payer, amount };
  return {
    success: false,
    errorReason: "invalid_transaction_state",
    errorMessage: "The settlement transaction reverted.",
    transaction: receipt.transactionHash,
    network,
    payer,
  };
}
