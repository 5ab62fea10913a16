import { type Address, type LocalAccount, parseSignature } from "viem";
import { mockErc20PermitAbi, permit2Address } from "../../src/index.js";
import type { ConnectChainReturnType } from "./connectChain.js";

export type SignPermit2612Parameters = {
  chain: ConnectChainReturnType;
  /** A MockERC20Permit named "Permit Dollar" (EIP-712 version "1"). */
  token: Address;
  owner: LocalAccount;
  value: bigint;
  deadline: bigint;
};

/** The owner's EIP-2612 permit for Permit2 (its current nonce), split as the proxies and collectors take it. */
export async function signPermit2612({ chain, token, owner, value, deadline }: SignPermit2612Parameters) {
  const nonce = await chain.publicClient.readContract({
    address: token,
    abi: mockErc20PermitAbi,
    functionName: "nonces",
    args: [owner.address],
  });
  const signature = await owner.signTypedData({
    domain: { name: "Permit Dollar", version: "1", chainId: 31337, verifyingContract: token },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner: owner.address, spender: permit2Address, value, nonce, deadline },
  });
  const { r, s, v } = parseSignature(signature);
  return { value, deadline, r, s, v: Number(v) };
}
