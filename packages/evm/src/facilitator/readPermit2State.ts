import {
  type Abi,
  type Address,
  BaseError,
  decodeErrorResult,
  erc20Abi,
  type Hex,
  RawContractError,
} from "viem";
import { call, getCode, readContract } from "viem/actions";
import { eip1271Abi, eip1271MagicValue } from "../abis.js";
import { permit2Address } from "../constants.js";
import { errorMessage } from "./errorMessage.js";
import { isContractRefusal } from "./isContractRefusal.js";
import { readPermit2NonceUsed } from "./readPermit2NonceUsed.js";
import type { NetworkContext } from "./types.js";

export type ReadPermit2StateParameters = {
  context: NetworkContext;
  token: Address;
  owner: Address;
  nonce: bigint;
  /** The proxy call to simulate from the facilitator's address; left out when nothing moves. */
  simulation?: { to: Address; data: Hex; abi: Abi } | undefined;
  /** When the signature does not recover to `owner`: ask `owner` (a contract wallet) with EIP-1271. */
  smartWallet?: { hash: Hex; signature: Hex } | undefined;
};

export type ReadPermit2StateReturnType = {
  /** `token.allowance(owner, Permit2)`; undefined if the token did not answer. */
  allowance: bigint | undefined;
  /** `token.balanceOf(owner)`; undefined if the token did not answer. */
  balance: bigint | undefined;
  /** Whether Permit2 has the nonce marked used (or invalidated); undefined if Permit2 did not answer. */
  nonceUsed: boolean | undefined;
  simulation: { ok: true } | { ok: false; message: string } | undefined;
  wallet: { deployed: boolean; validSignature: boolean } | undefined;
};

/**
 * The on-chain half of a Permit2 verification (exact and upto), in one round of reads (batched by an http
 * transport with `batch: true`): the Permit2 allowance, the balance, the Permit2 nonce bit, EIP-1271 for a contract
 * wallet, and a simulation of the proxy call. A contract that reverts or has no code is reported; any other failure
 * (transport, node) throws: the answer is unknown, not "invalid".
 */
export async function readPermit2State(
  parameters: ReadPermit2StateParameters,
): Promise<ReadPermit2StateReturnType> {
  const { context, token, owner, nonce, simulation, smartWallet } = parameters;
  const { client } = context;
  // A revert or an empty answer is the contract's answer; any other failure says nothing about the payment.
  const answer = <value>(promise: Promise<value>) =>
    promise.catch((error: unknown) => {
      if (!isContractRefusal(error)) throw error;
      return undefined;
    });
  const [allowance, balance, nonceUsed, simulated, code, magic] = await Promise.all([
    answer(
      readContract(client, {
        address: token,
        abi: erc20Abi,
        functionName: "allowance",
        args: [owner, permit2Address],
      }),
    ),
    answer(readContract(client, { address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] })),
    answer(readPermit2NonceUsed({ client, owner, nonce })),
    simulation === undefined
      ? undefined
      : call(client, { account: context.signer.address, to: simulation.to, data: simulation.data }).then(
          () => ({ ok: true }) as const,
          (error: unknown) => {
            if (!isContractRefusal(error)) throw error;
            return { ok: false, message: revertReason(error, simulation.abi) } as const;
          },
        ),
    smartWallet ? answer(getCode(client, { address: owner })) : undefined,
    smartWallet
      ? answer(
          readContract(client, {
            address: owner,
            abi: eip1271Abi,
            functionName: "isValidSignature",
            args: [smartWallet.hash, smartWallet.signature],
          }),
        )
      : undefined,
  ]);
  return {
    allowance,
    balance,
    nonceUsed,
    simulation: simulated,
    wallet: smartWallet
      ? { deployed: code !== undefined && code !== "0x", validSignature: magic === eip1271MagicValue }
      : undefined,
  };
}

/** The revert's custom error name (the proxy's or Permit2's) when it decodes, else viem's short message. */
function revertReason(error: unknown, abi: Abi): string {
  const raw = error instanceof BaseError ? error.walk((e) => e instanceof RawContractError) : undefined;
  const data = raw instanceof RawContractError && typeof raw.data === "string" ? raw.data : undefined;
  if (data && data.length >= 10) {
    try {
      return decodeErrorResult({ abi, data: data as Hex }).errorName;
    } catch {}
  }
  return errorMessage(error);
}
