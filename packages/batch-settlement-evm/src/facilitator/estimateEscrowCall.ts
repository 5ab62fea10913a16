import { type EvmClient, errorMessage } from "@x402kit/evm";
import { type Address, BaseError, decodeErrorResult, type Hex, RawContractError } from "viem";
import { estimateGas } from "viem/actions";
import { batchSettlementAbi } from "../abis.js";

export type EstimateEscrowCallParameters = { client: EvmClient; from: Address; to: Address; data: Hex };

export type EstimateEscrowCallReturnType = { ok: true; gas: bigint } | { ok: false; message: string };

/**
 * Simulates a transaction to the escrow from the facilitator's signer (`eth_estimateGas`): one round trip that both
 * proves it would not revert now and sizes its gas limit (the estimate plus a quarter). A revert comes back with the
 * escrow's error name when it has one.
 */
export async function estimateEscrowCall(
  parameters: EstimateEscrowCallParameters,
): Promise<EstimateEscrowCallReturnType> {
  const { client, from, to, data } = parameters;
  try {
    const gas = await estimateGas(client, { account: from, to, data });
    return { ok: true, gas: gas + gas / 4n };
  } catch (error) {
    return { ok: false, message: describeRevert(error) };
  }
}

function describeRevert(error: unknown): string {
  const raw = error instanceof BaseError ? error.walk((e) => e instanceof RawContractError) : undefined;
  const data = (raw as RawContractError | undefined)?.data;
  if (typeof data === "string" && data.length >= 10) {
    try {
      const decoded = decodeErrorResult({ abi: batchSettlementAbi, data: data as Hex });
      return `reverted: ${decoded.errorName}(${(decoded.args ?? []).map(String).join(", ")})`;
    } catch {
      return `reverted with data ${data.slice(0, 74)}`;
    }
  }
  return errorMessage(error);
}
