import { eip1271Abi, eip1271MagicValue, isTransportError } from "@x402kit/evm";
import { type Address, BaseError, decodeErrorResult, erc20Abi, type Hex, RawContractError } from "viem";
import { call, getCode, readContract } from "viem/actions";
import { uptoPermit2ProxyAbi } from "../abis.js";
import { permit2Address, uptoPermit2ProxyAddress } from "../constants.js";
import { errorMessage } from "../utils/errorMessage.js";
import { readPermit2NonceUsed } from "./readPermit2NonceUsed.js";
import type { UptoNetworkContext } from "./types.js";

export type ReadUptoPermit2StateParameters = {
  context: UptoNetworkContext;
  token: Address;
  owner: Address;
  nonce: bigint;
  /** Calldata for the upto proxy, simulated from the facilitator's address; left out for a zero settlement. */
  simulation?: Hex | undefined;
  /** When the signature does not recover to `owner`: ask `owner` (a contract wallet) with EIP-1271. */
  smartWallet?: { hash: Hex; signature: Hex } | undefined;
};

export type ReadUptoPermit2StateReturnType = {
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
 * The on-chain half of upto verification, in one round of reads (batched by an http transport with `batch: true`):
 * the Permit2 allowance, the balance, the Permit2 nonce bit, EIP-1271 for a contract wallet, and a simulation of
 * the proxy call. A transport failure throws (the answer is unknown, not "invalid").
 */
export async function readUptoPermit2State(
  parameters: ReadUptoPermit2StateParameters,
): Promise<ReadUptoPermit2StateReturnType> {
  const { context, token, owner, nonce, simulation, smartWallet } = parameters;
  const { client } = context;
  const answer = <value>(promise: Promise<value>) =>
    promise.catch((error: unknown) => {
      if (isTransportError(error)) throw error;
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
      : call(client, { account: context.signer.address, to: uptoPermit2ProxyAddress, data: simulation }).then(
          () => ({ ok: true }) as const,
          (error: unknown) => {
            if (isTransportError(error)) throw error;
            return { ok: false, message: revertReason(error) } as const;
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
function revertReason(error: unknown): string {
  const raw = error instanceof BaseError ? error.walk((e) => e instanceof RawContractError) : undefined;
  const data = raw instanceof RawContractError && typeof raw.data === "string" ? raw.data : undefined;
  if (data && data.length >= 10) {
    try {
      return decodeErrorResult({ abi: uptoPermit2ProxyAbi, data: data as Hex }).errorName;
    } catch {}
  }
  return errorMessage(error);
}
