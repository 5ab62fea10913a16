import { type ExactEvmSigner, signPermit2Authorization } from "@x402kit/evm";
import type { Address, Hex } from "viem";
import { depositWitnessName, depositWitnessType, permit2DepositCollectorAddress } from "../constants.js";
import type { Permit2DepositAuthorization } from "../schemas.js";

export type SignPermit2DepositParameters = {
  /** The payer (`from`); it must have approved Permit2 on the token (or send an EIP-2612 permit with it). */
  account: ExactEvmSigner;
  token: Address;
  chainId: number;
  channelId: Hex;
  amount: bigint;
  /** Unix seconds after which Permit2 refuses the deposit. */
  deadline: bigint;
  /** A uint256 Permit2 nonce; random when left out. */
  nonce?: bigint | undefined;
};

/**
 * Signs a deposit's Permit2 `PermitWitnessTransferFrom` (scheme_batch_settlement_evm.md, "Channel creation and
 * deposits", `permit2`): exactly `amount` of `token`, the Permit2 deposit collector as spender, and the witness
 * `DepositWitness(bytes32 channelId)`, so that the signature funds this channel only. Returns the wire
 * `permit2Authorization`, its signature inside.
 */
export async function signPermit2Deposit(
  parameters: SignPermit2DepositParameters,
): Promise<Permit2DepositAuthorization> {
  const { account, token, chainId, channelId, amount, deadline, nonce } = parameters;
  const { signature, permit2Authorization } = await signPermit2Authorization({
    account,
    chainId,
    permitted: { token, amount },
    spender: permit2DepositCollectorAddress,
    deadline,
    witness: { channelId },
    witnessType: depositWitnessType,
    witnessName: depositWitnessName,
    nonce,
  });
  return { ...permit2Authorization, signature };
}
