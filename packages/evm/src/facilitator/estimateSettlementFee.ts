import type { EvmSettlementCall } from "./types.js";

/**
 * The most a settlement transaction can cost its signer, in wei: its gas limit × the max fee per gas it will be sent
 * with (EIP-1559), or × the gas price (legacy), from the network's fee cache (no RPC call within a block). For the
 * facilitator's fee caps (`SettleContext.approveFee`).
 */
export async function estimateSettlementFee(call: EvmSettlementCall): Promise<bigint> {
  const fees = await call.context.fees.get();
  return call.gas * (fees.type === "eip1559" ? fees.maxFeePerGas : fees.gasPrice);
}
