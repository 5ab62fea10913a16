import { type ExactEvmSigner, randomBytes32, validityWindow } from "@x402kit/evm";
import { type Address, hexToBigInt } from "viem";
import { uptoPermit2ProxyAddress } from "../constants.js";
import type { UptoEvmPayload } from "../schemas.js";
import type { UptoEvmRequirements } from "../utils/parseUptoEvmRequirements.js";
import type { UptoPermit2AuthorizationValues } from "../utils/parseUptoPermit2Authorization.js";
import { uptoPermit2TypedData } from "../utils/uptoPermit2TypedData.js";

export type SignUptoPermit2AuthorizationParameters = {
  account: ExactEvmSigner;
  requirements: UptoEvmRequirements & { facilitator: Address };
  maxTimeoutSeconds: number;
  /** Unix seconds. */
  now: number;
  /** A uint256 Permit2 nonce; random when left out. */
  nonce?: bigint | undefined;
};

export type SignUptoPermit2AuthorizationReturnType = UptoEvmPayload;

/**
 * Signs Permit2's `PermitWitnessTransferFrom` for upto requirements (scheme_upto_evm.md phase 2): the maximum
 * `amount` of `asset`, spender = the upto proxy, a random uint256 nonce, `deadline = now + maxTimeoutSeconds`, and
 * the witness `{ to: payTo, facilitator: extra.facilitatorAddress, validAfter: now - 600 }`. Numbers go on the wire
 * as decimal strings.
 */
export async function signUptoPermit2Authorization(
  parameters: SignUptoPermit2AuthorizationParameters,
): Promise<SignUptoPermit2AuthorizationReturnType> {
  const { account, requirements, maxTimeoutSeconds, now } = parameters;
  const { validAfter, validBefore } = validityWindow({ now, maxTimeoutSeconds });
  const authorization: UptoPermit2AuthorizationValues = {
    permitted: { token: requirements.asset, amount: requirements.amount },
    from: account.address as Address,
    spender: uptoPermit2ProxyAddress,
    nonce: parameters.nonce ?? hexToBigInt(randomBytes32()),
    deadline: validBefore,
    witness: { to: requirements.payTo, facilitator: requirements.facilitator, validAfter },
  };
  const signature = await account.signTypedData(
    uptoPermit2TypedData({ chainId: requirements.chainId, authorization }),
  );
  return {
    signature,
    permit2Authorization: {
      permitted: { token: authorization.permitted.token, amount: authorization.permitted.amount.toString() },
      from: authorization.from,
      spender: authorization.spender,
      nonce: authorization.nonce.toString(),
      deadline: authorization.deadline.toString(),
      witness: {
        to: authorization.witness.to,
        facilitator: authorization.witness.facilitator,
        validAfter: authorization.witness.validAfter.toString(),
      },
    },
  };
}
