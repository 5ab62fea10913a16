import type { Address, Hex } from "viem";
import { call, getCode, readContract } from "viem/actions";
import { eip1271Abi, eip1271MagicValue, eip3009Abi } from "../abis.js";
import { errorMessage } from "./errorMessage.js";
import { isContractRefusal } from "./isContractRefusal.js";
import type { EvmClient } from "./types.js";

export type ReadEip3009StateParameters = {
  client: EvmClient;
  asset: Address;
  from: Address;
  nonce: Hex;
  /** The settlement call to simulate (`eth_call` from the facilitator's address). */
  simulation: { account: Address; data: Hex };
  /** For a smart-wallet signature: also read `from`'s code and ask it `isValidSignature(hash, signature)`. */
  smartWallet?: { hash: Hex; signature: Hex } | undefined;
};

export type ReadEip3009StateReturnType = {
  /** `balanceOf(from)`; undefined when the asset did not answer (no contract there). */
  balance: bigint | undefined;
  /** `authorizationState(from, nonce)`; undefined when the asset did not answer (not EIP-3009). */
  nonceUsed: boolean | undefined;
  simulation: { ok: true } | { ok: false; message: string };
  /** Present for smart-wallet signatures. */
  wallet?: { deployed: boolean; validSignature: boolean } | undefined;
};

/**
 * Reads everything verification needs from the chain in one round trip (the client's transport batches the
 * requests issued together): the payer's balance, the authorization's nonce state, the simulation of the transfer,
 * and for smart wallets the code and EIP-1271 answer. A contract that reverts or has no code is reported; any other
 * failure (transport, node) throws.
 */
export async function readEip3009State(
  parameters: ReadEip3009StateParameters,
): Promise<ReadEip3009StateReturnType> {
  const { client, asset, from, nonce, simulation, smartWallet } = parameters;
  const [balance, nonceUsed, simulated, code, magic] = await Promise.allSettled([
    readContract(client, { address: asset, abi: eip3009Abi, functionName: "balanceOf", args: [from] }),
    readContract(client, {
      address: asset,
      abi: eip3009Abi,
      functionName: "authorizationState",
      args: [from, nonce],
    }),
    call(client, { account: simulation.account, to: asset, data: simulation.data }),
    smartWallet ? getCode(client, { address: from }) : Promise.resolve(undefined),
    smartWallet
      ? readContract(client, {
          address: from,
          abi: eip1271Abi,
          functionName: "isValidSignature",
          args: [smartWallet.hash, smartWallet.signature],
        })
      : Promise.resolve(undefined),
  ]);
  // A revert or an empty answer is the contract's answer; any other failure says nothing about the payment.
  for (const result of [balance, nonceUsed, simulated, code, magic])
    if (result.status === "rejected" && (result === code || !isContractRefusal(result.reason)))
      throw result.reason;

  return {
    balance: balance.status === "fulfilled" ? balance.value : undefined,
    nonceUsed: nonceUsed.status === "fulfilled" ? nonceUsed.value : undefined,
    simulation:
      simulated.status === "fulfilled"
        ? { ok: true }
        : { ok: false, message: errorMessage(simulated.reason) },
    wallet: smartWallet
      ? {
          deployed: code.status === "fulfilled" && code.value !== undefined && code.value !== "0x",
          validSignature: magic.status === "fulfilled" && magic.value?.toLowerCase() === eip1271MagicValue,
        }
      : undefined,
  };
}
