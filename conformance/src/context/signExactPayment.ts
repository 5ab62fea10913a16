import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import { type Address, getAddress, type Hex, type LocalAccount, toHex } from "viem";
import type { SuiteChain } from "../suite/suiteChain.js";

/** The EIP-712 type of EIP-3009 (scheme_exact_evm.md §1; x402 notes). */
export const transferWithAuthorizationTypes = {
  TransferWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

export type AuthorizationOverrides = {
  from?: Address;
  to?: Address;
  value?: bigint | string;
  validAfter?: bigint;
  validBefore?: bigint;
  nonce?: Hex;
};

export type SignExactPaymentParameters = {
  /** Who pays: signs unless `signer` is given. */
  buyer: LocalAccount;
  /** What is being paid for; `accepted` is these requirements. */
  requirements: PaymentRequirements;
  overrides?: {
    /** Fields of the signed authorization (defaults follow the requirements). */
    authorization?: AuthorizationOverrides;
    /** Fields of the EIP-712 domain (defaults: requirements' extra, the chain, the asset). */
    domain?: { name?: string; version?: string; chainId?: number; verifyingContract?: Address };
    /** Signs with another key, keeping `from` = buyer. */
    signer?: LocalAccount;
    /** Replaces the signature after signing. */
    signature?: Hex;
    /** Changes the authorization after signing (the signature then no longer matches). */
    tamper?: AuthorizationOverrides;
    /** Replaces fields of `accepted`. */
    accepted?: Partial<PaymentRequirements>;
    resourceUrl?: string;
  };
};

export type CreateSignExactPaymentParameters = { chain: SuiteChain };

/** A random 32-byte EIP-3009 nonce. */
export function randomNonce(): Hex {
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Returns the suite's signer: `validAfter = now - 600`, `validBefore = now + maxTimeoutSeconds` (x402 notes), where
 * `now` is the earlier of the wall clock and the chain clock, so that both a wall-clock and a chain-clock facilitator
 * see a window that is open and no longer than `maxTimeoutSeconds`.
 */
export function createSignExactPayment({ chain }: CreateSignExactPaymentParameters) {
  return async function signExactPayment(parameters: SignExactPaymentParameters): Promise<PaymentPayload> {
    const { buyer, requirements, overrides = {} } = parameters;
    const wall = BigInt(Math.floor(Date.now() / 1000));
    const chainNow = await chain.now();
    const now = wall < chainNow ? wall : chainNow;
    const o = overrides.authorization ?? {};
    const authorization = {
      from: o.from ?? buyer.address,
      to: o.to ?? (requirements.payTo as Address),
      value: BigInt(o.value ?? requirements.amount),
      validAfter: o.validAfter ?? now - 600n,
      validBefore: o.validBefore ?? now + BigInt(requirements.maxTimeoutSeconds),
      nonce: o.nonce ?? randomNonce(),
    };
    const extra = (requirements.extra ?? {}) as { name?: string; version?: string };
    const domain = {
      name: overrides.domain?.name ?? extra.name ?? chain.usdc.name,
      version: overrides.domain?.version ?? extra.version ?? chain.usdc.version,
      chainId: overrides.domain?.chainId ?? chain.chainId,
      verifyingContract: overrides.domain?.verifyingContract ?? getAddress(requirements.asset),
    };
    const signer = overrides.signer ?? buyer;
    const signature =
      overrides.signature ??
      (await signer.signTypedData({
        domain,
        types: transferWithAuthorizationTypes,
        primaryType: "TransferWithAuthorization",
        message: authorization,
      }));
    const signed = { ...authorization, ...overrides.tamper };
    return {
      x402Version: 2,
      resource: { url: overrides.resourceUrl ?? "http://127.0.0.1/x402-conformance" },
      accepted: { ...requirements, ...overrides.accepted },
      payload: {
        signature,
        authorization: {
          from: signed.from,
          to: signed.to,
          value: String(signed.value),
          validAfter: String(signed.validAfter),
          validBefore: String(signed.validBefore),
          nonce: signed.nonce,
        },
      },
    };
  };
}
