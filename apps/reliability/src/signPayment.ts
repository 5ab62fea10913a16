import { eip3009TypedData, randomBytes32, validAfterSkewSeconds } from "@x402kit/evm";
import {
  encodePaymentSignatureHeader,
  evmChainId,
  type PaymentPayload,
  type PaymentRequirements,
  type ResourceInfo,
} from "@x402kit/types";
import { type Address, getAddress, type Hex, type LocalAccount } from "viem";

/** The values of an EIP-3009 `TransferWithAuthorization` (EIP-3009, scheme_exact_evm.md). */
export type AuthorizationValues = {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
};

export type SignPaymentParameters = {
  /** Signs the authorization. */
  account: LocalAccount;
  /** The offered requirements (one of the 402's `accepts`). */
  requirements: PaymentRequirements;
  resource?: ResourceInfo | undefined;
  /** Changes to what is signed (default: what an honest client signs for `requirements`). */
  authorization?: Partial<AuthorizationValues> | undefined;
  /** Changes to the EIP-712 domain that is signed (default: the requirements' token on their chain). */
  domain?:
    | Partial<{ name: string; version: string; chainId: number; verifyingContract: Address }>
    | undefined;
  /** What `accepted` says (default: `requirements`, as offered). */
  accepted?: PaymentRequirements | undefined;
  /** Rewrites the signature after signing (to make it malleable, say). */
  signature?: ((signature: Hex) => Hex) | undefined;
  /** Unix seconds (default: the wall clock). */
  now?: number | undefined;
};

export type SignPaymentReturnType = {
  /** The `PAYMENT-SIGNATURE` header value. */
  header: string;
  paymentPayload: PaymentPayload;
  authorization: AuthorizationValues;
};

/**
 * A `PAYMENT-SIGNATURE` for the exact EVM scheme with EIP-3009, signed the way an honest client signs it
 * (spec v2 §5.2, scheme_exact_evm.md), unless told to sign something else: each override makes one crafted attack.
 */
export async function signPayment(parameters: SignPaymentParameters): Promise<SignPaymentReturnType> {
  const { account, requirements } = parameters;
  const now = BigInt(Math.floor(parameters.now ?? Date.now() / 1000));
  const authorization: AuthorizationValues = {
    from: account.address,
    to: getAddress(requirements.payTo),
    value: BigInt(requirements.amount),
    validAfter: now - BigInt(validAfterSkewSeconds),
    validBefore: now + BigInt(requirements.maxTimeoutSeconds),
    nonce: randomBytes32(),
    ...parameters.authorization,
  };
  const extra = (requirements.extra ?? {}) as { name?: string; version?: string };
  const signed = await account.signTypedData(
    eip3009TypedData({
      domain: {
        name: extra.name ?? "",
        version: extra.version ?? "",
        chainId: evmChainId(requirements.network) ?? 0,
        verifyingContract: getAddress(requirements.asset),
        ...parameters.domain,
      },
      authorization,
    }),
  );
  const paymentPayload: PaymentPayload = {
    x402Version: 2,
    ...(parameters.resource ? { resource: parameters.resource } : {}),
    accepted: parameters.accepted ?? requirements,
    payload: {
      signature: parameters.signature ? parameters.signature(signed) : signed,
      authorization: {
        from: authorization.from,
        to: authorization.to,
        value: authorization.value.toString(),
        validAfter: authorization.validAfter.toString(),
        validBefore: authorization.validBefore.toString(),
        nonce: authorization.nonce,
      },
    },
  };
  return { header: encodePaymentSignatureHeader(paymentPayload), paymentPayload, authorization };
}
