import type { SettleResponse } from "@x402kit/types";
import { type Address, type Hex, isAddressEqual, type Log, parseEventLogs } from "viem";
import { batchSettlerAbi } from "../abis.js";

export type SettleResponseFromReceiptParameters = {
  receipt: {
    status: "success" | "reverted";
    transactionHash: string;
    to?: Address | null | undefined;
    logs?: readonly Log[] | undefined;
  };
  network: string;
  payer: string | undefined;
  amount: string;
  /**
   * The EIP-3009 authorization this payment spends. A batch settlement (X402BatchSettler) can succeed while one of
   * its authorizations failed: the batch's `AuthorizationFailed` event for it makes this payment's answer a failure.
   * `batchIndex`, when known, tells apart two payments with the same authorization in one batch.
   */
  authorization?: { from: Address; nonce: Hex; batchIndex?: number | undefined } | undefined;
};

/** The SettleResponse (spec v2 §5.3) for a mined settlement transaction, a single one or a batch. */
export function settleResponseFromReceipt(parameters: SettleResponseFromReceiptParameters): SettleResponse {
  const { receipt, network, payer, amount, authorization } = parameters;
  const failure = (errorMessage: string): SettleResponse => ({
    success: false,
    errorReason: "invalid_transaction_state",
    errorMessage,
    transaction: receipt.transactionHash,
    network,
    payer,
  });
  if (receipt.status !== "success") return failure("The settlement transaction reverted.");
  const refused =
    authorization && receipt.logs?.length && receipt.to
      ? parseEventLogs({
          abi: batchSettlerAbi,
          eventName: "AuthorizationFailed",
          logs: receipt.logs as Log[],
          strict: true,
        }).find(
          (log) =>
            isAddressEqual(log.address, receipt.to as Address) &&
            isAddressEqual(log.args.from, authorization.from) &&
            log.args.nonce.toLowerCase() === authorization.nonce.toLowerCase() &&
            (authorization.batchIndex === undefined || log.args.index === BigInt(authorization.batchIndex)),
        )
      : undefined;
  if (refused)
    return failure(
      `The batch settlement went through, but the token refused this authorization (${refused.args.reason === "0x" ? "no code at the token" : `revert data ${refused.args.reason}`}).`,
    );
  return { success: true, transaction: receipt.transactionHash, network, payer, amount };
}
