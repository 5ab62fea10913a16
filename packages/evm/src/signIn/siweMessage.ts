import type { SignInChallenge } from "@x402kit/core";
import { type Address, getAddress } from "viem";
import { createSiweMessage } from "viem/siwe";

/**
 * The EIP-4361 message of a sign-in-with-x challenge on an `eip155` chain (extensions/sign-in-with-x.md, "Message
 * Format"), through viem's `createSiweMessage`. Throws on a field EIP-4361 does not allow (viem's
 * `SiweInvalidMessageFieldError`).
 */
export function siweMessage(challenge: SignInChallenge, address: string): string {
  const [namespace, reference] = challenge.chainId.split(":");
  if (namespace !== "eip155" || !/^\d{1,18}$/.test(reference ?? ""))
    throw new TypeError(`${challenge.chainId} is not an eip155 chain.`);
  return createSiweMessage({
    address: getAddress(address as Address),
    chainId: Number(reference),
    domain: challenge.domain,
    uri: challenge.uri,
    version: "1",
    nonce: challenge.nonce,
    issuedAt: new Date(challenge.issuedAt),
    ...(challenge.statement !== undefined ? { statement: challenge.statement } : {}),
    ...(challenge.expirationTime !== undefined ? { expirationTime: new Date(challenge.expirationTime) } : {}),
    ...(challenge.notBefore !== undefined ? { notBefore: new Date(challenge.notBefore) } : {}),
    ...(challenge.requestId !== undefined ? { requestId: challenge.requestId } : {}),
    ...(challenge.resources !== undefined ? { resources: challenge.resources } : {}),
  });
}
