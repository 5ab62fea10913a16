import { mockUsdcAbi } from "@x402kit/contracts";
import type { TestChain, TestChainToken } from "@x402kit/testchain";
import type { Hash, Hex, LocalAccount } from "viem";

export type CancelAuthorizationParameters = {
  chain: TestChain;
  /** The authorizer: signs the cancellation and sends it (pays its gas). */
  account: LocalAccount;
  nonce: Hex;
  /** Default: the chain's MockUSDC. */
  token?: TestChainToken | undefined;
  /** Wait for the receipt (default true). */
  wait?: boolean | undefined;
};

/** EIP-3009 `CancelAuthorization(address authorizer,bytes32 nonce)`. */
const cancelTypes = {
  CancelAuthorization: [
    { name: "authorizer", type: "address" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

/**
 * Cancels an EIP-3009 authorization on MockUSDC (`cancelAuthorization` with a `bytes` signature), signed and sent by
 * the authorizer; returns the transaction hash once it is mined (unless `wait: false`).
 */
export async function cancelAuthorization(parameters: CancelAuthorizationParameters): Promise<Hash> {
  const { chain, account, nonce } = parameters;
  const token = parameters.token ?? chain.usdc;
  const signature = await account.signTypedData({
    domain: {
      name: token.name,
      version: token.version,
      chainId: chain.chainId,
      verifyingContract: token.address,
    },
    types: cancelTypes,
    primaryType: "CancelAuthorization",
    message: { authorizer: account.address, nonce },
  });
  const hash = await chain.walletClient(account).writeContract({
    address: token.address,
    abi: mockUsdcAbi,
    functionName: "cancelAuthorization",
    args: [account.address, nonce, signature],
  });
  if (parameters.wait !== false)
    await chain.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  return hash;
}
