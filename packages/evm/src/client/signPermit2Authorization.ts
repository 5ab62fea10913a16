import type { ExactEvmPermit2Payload } from "@x402kit/types";
import { type Address, hexToBigInt, type TypedDataParameter } from "viem";
import type { Permit2AuthorizationValues, Permit2WitnessValues } from "../utils/parsePermit2Authorization.js";
import { permit2WitnessTypedData } from "../utils/permit2WitnessTypedData.js";
import { randomBytes32 } from "../utils/randomBytes32.js";
import type { ExactEvmSigner } from "./signEip3009Authorization.js";

export type SignPermit2AuthorizationParameters = {
  account: ExactEvmSigner;
  chainId: number;
  permitted: { token: Address; amount: bigint };
  /** The x402 proxy that may spend: `exactPermit2ProxyAddress` for exact. */
  spender: Address;
  /** Unix seconds: Permit2 refuses the authorization after it. */
  deadline: bigint;
  /** The witness values: `to` and `validAfter`, and any field the scheme's witness type adds. */
  witness: Permit2WitnessValues & Record<string, Address | bigint>;
  /** The scheme's `Witness` type, e.g. `exactPermit2WitnessType`. */
  witnessType: readonly TypedDataParameter[];
  /** A uint256 Permit2 nonce; random when left out. */
  nonce?: bigint | undefined;
};

export type SignPermit2AuthorizationReturnType = ExactEvmPermit2Payload;

/**
 * Signs Permit2's `PermitWitnessTransferFrom` (scheme_exact_evm.md §2 phase 2, scheme_upto_evm.md phase 2) and
 * returns the wire payload `{ signature, permit2Authorization }`, every number a decimal string (the Permit2 nonce
 * too, as the reference implementation sends it).
 */
export async function signPermit2Authorization(
  parameters: SignPermit2AuthorizationParameters,
): Promise<SignPermit2AuthorizationReturnType> {
  const { account, chainId, permitted, spender, deadline, witness, witnessType } = parameters;
  const authorization: Permit2AuthorizationValues<typeof witness> = {
    permitted,
    from: account.address as Address,
    spender,
    nonce: parameters.nonce ?? hexToBigInt(randomBytes32()),
    deadline,
    witness,
  };
  const signature = await account.signTypedData(
    permit2WitnessTypedData({ chainId, authorization, witnessType }),
  );
  return {
    signature,
    permit2Authorization: {
      permitted: { token: permitted.token, amount: permitted.amount.toString() },
      from: authorization.from,
      spender,
      nonce: authorization.nonce.toString(),
      deadline: deadline.toString(),
      witness: Object.fromEntries(
        Object.entries(witness).map(([key, value]) => [key, value.toString()]),
      ) as ExactEvmPermit2Payload["permit2Authorization"]["witness"],
    },
  };
}
