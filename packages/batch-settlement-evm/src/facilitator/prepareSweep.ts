import type { NetworkContext } from "@x402kit/evm";
import { type Address, encodeFunctionData } from "viem";
import { readContract } from "viem/actions";
import { batchSettlementAbi } from "../abis.js";
import { batchSettlementAddress } from "../constants.js";
import type { SettlePayload } from "../schemas.js";
import { estimateEscrowCall } from "./estimateEscrowCall.js";
import type { PreparedStep } from "./prepareClaim.js";

export type PrepareSweepParameters = { payload: SettlePayload; context: NetworkContext };

/**
 * A sweep (`type: "settle"`): `settle(receiver, token)` moves everything claimed and not yet settled to the receiver.
 * Refused when nothing is (`nothing_to_settle`), so that no transaction is paid for nothing; then simulated.
 */
export async function prepareSweep({
  payload,
  context,
}: PrepareSweepParameters): Promise<PreparedStep & { pending?: bigint }> {
  const receiver = payload.receiver as Address;
  const token = payload.token as Address;
  let claimed: bigint;
  let settled: bigint;
  try {
    [claimed, settled] = await readContract(context.client, {
      address: batchSettlementAddress,
      abi: batchSettlementAbi,
      functionName: "receivers",
      args: [receiver, token],
    });
  } catch (error) {
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_rpc_read_failed",
      message: String(error).split("\n")[0]!,
    };
  }
  if (claimed <= settled)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_nothing_to_settle",
      message: "Nothing is claimed and unsettled for this receiver and token.",
    };
  const data = encodeFunctionData({
    abi: batchSettlementAbi,
    functionName: "settle",
    args: [receiver, token],
  });
  const simulated = await estimateEscrowCall({
    client: context.client,
    from: context.signer.address,
    to: batchSettlementAddress,
    data,
  });
  if (!simulated.ok)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_settle_simulation_failed",
      message: simulated.message,
    };
  return {
    ok: true,
    call: { context, to: batchSettlementAddress, data, gas: simulated.gas },
    pending: claimed - settled,
  };
}
