import type { ExactEvmPermit2Payload } from "@x402kit/types";
import { type Address, type Hex, hexToBigInt, type TypedDataParameter } from "viem";
import type { Permit2AuthorizationValues, Permit2WitnessValues } from "../utils/parsePermit2Authorization.js";
import { permit2WitnessTypedData } from "../utils/permit2WitnessTypedData.js";
import { randomBytes32 } from "../utils/randomBytes32.js";
import type { ExactEvmSigner } from "./signEip3009Authorization.js";

/** A witness's values: addresses, bytes32 and numbers. */
type WitnessValues = Readonly<Record<string, Address | Hex | bigint>>;

export type SignPermit2AuthorizationParameters<witness extends WitnessValues = Permit2WitnessValues> = {
  account: ExactEvmSigner;
  chainId: number;
  permitted: { token: Address; amount: bigint };
  /** The contract that may spend: `exactPermit2ProxyAddress` for exact. */
  spender: Address;
  /** Unix seconds: Permit2 refuses the authorization after it. */
  deadline: bigint;
  /** The witness values: exact's `to` and `validAfter` (upto adds `facilitator`), or the scheme's own. */
  witness: witness;
  /** The scheme's witness type, e.g. `exactPermit2WitnessType`. */
  witnessType: readonly TypedDataParameter[];
  /** The witness type's name: `Witness` unless the scheme names it otherwise. */
  witnessName?: string | undefined;
  /** A uint256 Permit2 nonce; random when left out. */
  nonce?: bigint | undefined;
};

export type SignPermit2AuthorizationReturnType<witness extends WitnessValues = Permit2WitnessValues> = {
  signature: Hex;
  permit2Authorization: Omit<ExactEvmPermit2Payload["permit2Authorization"], "witness"> & {
    witness: { [key in keyof witness]: string };
  };
};

/**
 * Signs Permit2's `PermitWitnessTransferFrom` (scheme_exact_evm.md §2 phase 2, scheme_upto_evm.md phase 2,
 * scheme_batch_settlement_evm.md deposits) and returns the wire payload `{ signature, permit2Authorization }`, every
 * number a decimal string (the Permit2 nonce too, as the reference implementation sends it).
 */
export async function signPermit2Authorization<witness extends WitnessValues = Permit2WitnessValues>(
  parameters: SignPermit2AuthorizationParameters<witness>,
): Promise<SignPermit2AuthorizationReturnType<witness>> {
  const { account, chainId, permitted, spender, deadline, witness, witnessType, witnessName } = parameters;
  const authorization: Permit2AuthorizationValues<witness> = {
    permitted,
    from: account.address as Address,
    spender,
    nonce: parameters.nonce ?? hexToBigInt(randomBytes32()),
    deadline,
    witness,
  };
  const signature = await account.signTypedData(
    permit2WitnessTypedData({ chainId, authorization, witnessType, witnessName }),
  );
  return {
    signature,
    permit2Authorization: {
      permitted: { token: permitted.token, amount: permitted.amount.toString() },
      from: authorization.from,
      spender,
      nonce: authorization.nonce.toString(),
      deadline: deadline.toString(),
      witness: Object.fromEntries(Object.entries(witness).map(([key, value]) => [key, value.toString()])) as {
        [key in keyof witness]: string;
      },
    },
  };
}
