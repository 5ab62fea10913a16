import type { Address, Hex } from "viem";
import { call, getCode } from "viem/actions";
import { isContractRefusal } from "./isContractRefusal.js";
import type { EvmClient } from "./types.js";

export type SimulateEoaTransferParameters = {
  client: EvmClient;
  asset: Address;
  /** The payer, whose code tells an EOA from a contract account. */
  from: Address;
  /** The settlement call, simulated with `eth_call` from the facilitator's address. */
  simulation: { account: Address; data: Hex };
};

/** `accepted`: the simulated transfer went through and `from` has no code. */
export type SimulateEoaTransferReturnType = { accepted: boolean };

/**
 * The fast path of EIP-3009 verification: one batched round of two requests, the settlement's simulation and
 * `from`'s code. A token that executes `transferWithAuthorization` has itself checked the signature, the balance,
 * the nonce and the time window, so a success from an address without code proves an EOA's valid payment, with no
 * signature recovery in the facilitator. Anything else is left to the full diagnosis (`accepted: false`). A
 * transport or node failure throws.
 */
export async function simulateEoaTransfer(
  parameters: SimulateEoaTransferParameters,
): Promise<SimulateEoaTransferReturnType> {
  const { client, asset, from, simulation } = parameters;
  const [simulated, code] = await Promise.allSettled([
    call(client, { account: simulation.account, to: asset, data: simulation.data }),
    getCode(client, { address: from }),
  ]);
  if (code.status === "rejected") throw code.reason;
  if (simulated.status === "rejected") {
    if (isContractRefusal(simulated.reason)) return { accepted: false };
    throw simulated.reason;
  }
  return { accepted: code.value === undefined || code.value === "0x" };
}
