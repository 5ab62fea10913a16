import type { ExactEvmEip3009Payload } from "@x402kit/types";
import type { Address, Hex, LocalAccount } from "viem";
import { eip3009TypedData } from "../utils/eip3009TypedData.js";
import { hashEip3009Authorization } from "../utils/hashEip3009Authorization.js";
import type { ExactEvmRequirements } from "../utils/parseExactEvmRequirements.js";
import { randomBytes32 } from "../utils/randomBytes32.js";
import { validityWindow } from "../utils/validityWindow.js";

/**
 * What the client needs of an account: its address and EIP-712 signing (a viem LocalAccount has both). With `sign`
 * (a raw digest, as `privateKeyToAccount` has), the client hashes the authorization itself and signs the digest.
 */
export type ExactEvmSigner = Pick<LocalAccount, "address" | "signTypedData"> &
  Partial<Pick<LocalAccount, "sign">>;

export type SignEip3009AuthorizationParameters = {
  account: ExactEvmSigner;
  requirements: ExactEvmRequirements & { domain: { name: string; version: string } };
  maxTimeoutSeconds: number;
  /** Unix seconds. */
  now: number;
  /** 32 bytes; random when left out. */
  nonce?: Hex | undefined;
};

export type SignEip3009AuthorizationReturnType = ExactEvmEip3009Payload;

/**
 * Signs an EIP-3009 `TransferWithAuthorization` for exact EVM requirements (scheme_exact_evm.md, phase 1):
 * `to = payTo`, `value = amount`, `validAfter = now - 600`, `validBefore = now + maxTimeoutSeconds`, a random nonce.
 * Returns the payload with every number as a decimal string.
 */
export async function signEip3009Authorization(
  parameters: SignEip3009AuthorizationParameters,
): Promise<SignEip3009AuthorizationReturnType> {
  const { account, requirements, maxTimeoutSeconds, now } = parameters;
  const { validAfter, validBefore } = validityWindow({ now, maxTimeoutSeconds });
  const authorization = {
    from: account.address as Address,
    to: requirements.payTo,
    value: requirements.amount,
    validAfter,
    validBefore,
    nonce: parameters.nonce ?? randomBytes32(),
  };
  const domain = {
    ...requirements.domain,
    chainId: requirements.chainId,
    verifyingContract: requirements.asset,
  };
  // Same signature either way (EIP-712 digest, then ECDSA); the direct digest skips the generic typed-data walk.
  const signature = account.sign
    ? await account.sign({ hash: hashEip3009Authorization({ domain, authorization }) })
    : await account.signTypedData(eip3009TypedData({ domain, authorization }));
  return {
    signature,
    authorization: {
      from: authorization.from,
      to: authorization.to,
      value: authorization.value.toString(),
      validAfter: authorization.validAfter.toString(),
      validBefore: authorization.validBefore.toString(),
      nonce: authorization.nonce,
    },
  };
}
