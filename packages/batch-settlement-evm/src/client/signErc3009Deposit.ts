import { eip3009Types } from "@x402kit/evm";
import { type Address, type Hex, type LocalAccount, toHex } from "viem";
import { erc3009DepositCollectorAddress } from "../constants.js";
import type { Erc3009DepositAuthorization } from "../schemas.js";
import { erc3009DepositNonce } from "../utils/erc3009DepositNonce.js";

export type SignErc3009DepositParameters = {
  /** The payer (`from` of the authorization). */
  account: Pick<LocalAccount, "address" | "signTypedData">;
  /** The token and its EIP-712 domain (the requirements' `asset` and `extra.name` / `extra.version`). */
  token: { address: Address; name: string; version: string };
  chainId: number;
  channelId: Hex;
  amount: bigint;
  /** Unix seconds after which the deposit can no longer be made. */
  validBefore: bigint;
  /** 32 random bytes by default: with the channel id it makes the authorization's nonce. */
  salt?: Hex | undefined;
};

/**
 * Signs the deposit's EIP-3009 `ReceiveWithAuthorization` from the payer to the deposit collector, with the nonce
 * `keccak256(abi.encode(channelId, salt))` (scheme_batch_settlement_evm.md, "Deposit Payload"). `validAfter` is 0:
 * the deposit may go through at once.
 */
export async function signErc3009Deposit(
  parameters: SignErc3009DepositParameters,
): Promise<Erc3009DepositAuthorization> {
  const { account, token, chainId, channelId, amount, validBefore } = parameters;
  const salt = parameters.salt ?? toHex(crypto.getRandomValues(new Uint8Array(32)));
  const signature = await account.signTypedData({
    domain: { name: token.name, version: token.version, chainId, verifyingContract: token.address },
    types: { ReceiveWithAuthorization: eip3009Types.TransferWithAuthorization },
    primaryType: "ReceiveWithAuthorization",
    message: {
      from: account.address,
      to: erc3009DepositCollectorAddress,
      value: amount,
      validAfter: 0n,
      validBefore,
      nonce: erc3009DepositNonce(channelId, salt),
    },
  });
  return { validAfter: "0", validBefore: validBefore.toString(), salt, signature };
}
