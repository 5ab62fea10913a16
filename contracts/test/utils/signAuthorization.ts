import { type Address, type Hex, type LocalAccount, toHex } from "viem";

export type AuthorizationMessage = {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
};

export type SignAuthorizationParameters = {
  signer: LocalAccount;
  token: { address: Address; name: string; version: string };
  primaryType?: "TransferWithAuthorization" | "ReceiveWithAuthorization";
  message: Omit<AuthorizationMessage, "nonce"> & { nonce?: Hex };
};

const fields = [
  { name: "from", type: "address" },
  { name: "to", type: "address" },
  { name: "value", type: "uint256" },
  { name: "validAfter", type: "uint256" },
  { name: "validBefore", type: "uint256" },
  { name: "nonce", type: "bytes32" },
] as const;

/** Signs an EIP-3009 authorization over the token's EIP-712 domain; `from` may differ from the signer (1271). */
export async function signAuthorization({
  signer,
  token,
  primaryType = "TransferWithAuthorization",
  message,
}: SignAuthorizationParameters): Promise<{ message: AuthorizationMessage; signature: Hex }> {
  const full = { ...message, nonce: message.nonce ?? toHex(crypto.getRandomValues(new Uint8Array(32))) };
  const signature = await signer.signTypedData({
    domain: { name: token.name, version: token.version, chainId: 31337, verifyingContract: token.address },
    types: { TransferWithAuthorization: fields, ReceiveWithAuthorization: fields },
    primaryType,
    message: full,
  });
  return { message: full, signature };
}
