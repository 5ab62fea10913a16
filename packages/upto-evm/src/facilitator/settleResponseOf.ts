import type { SettleResponse } from "@x402kit/types";

export type SettleResponseOfParameters = {
  receipt: { status: "success" | "reverted"; transactionHash: string };
  network: string;
  payer: string | undefined;
  /** The amount settled (scheme_upto_evm.md §3: SettlementResponse carries it). */
  amount: string;
};

/** The SettleResponse (spec v2 §5.3, scheme_upto_evm.md §3) for a mined settlement transaction. */
export function settleResponseOf(parameters: SettleResponseOfParameters): SettleResponse {
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
