import { base64EncodeUtf8 } from "@x402kit/types";
import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";
import type { ServerContext } from "../types.js";
import { CaseFailure } from "./CaseOutcome.js";

/** The `sign-in-with-x` extension of a 402 as the suite reads it (extensions/sign-in-with-x.md, "PaymentRequired"). */
export type SignInOffer = {
  info: {
    domain: string;
    uri: string;
    version: string;
    nonce: string;
    issuedAt: string;
    expirationTime?: string;
    notBefore?: string;
    statement?: string;
    requestId?: string;
    resources?: string[];
  };
  supportedChains: { chainId: string; type: string; signatureScheme?: string }[];
};

/** The sign-in-with-x offer of `path`'s 402, or a skip when the server does not offer it. */
export async function signInOffer(context: ServerContext, path: string): Promise<SignInOffer> {
  const { paymentRequired } = await context.server.paymentRequired(path);
  const offer = paymentRequired.extensions?.["sign-in-with-x"] as SignInOffer | undefined;
  if (!offer) context.skip(`the 402 of ${path} does not offer sign-in-with-x`);
  if (typeof offer?.info !== "object" || !Array.isArray(offer.supportedChains))
    throw new CaseFailure(`extensions["sign-in-with-x"] has no info object and supportedChains array`);
  return offer;
}

/**
 * Signs an offer as an EOA (EIP-4361, the `eip155` message of "Message Format") and encodes the SIGN-IN-WITH-X
 * header: the server's fields echoed, `address` and `signature` added ("Client Proof Fields"). `change` alters
 * fields before signing (a foreign domain).
 */
export async function signInHeader(
  offer: SignInOffer,
  account: LocalAccount,
  change: Partial<SignInOffer["info"]> = {},
): Promise<string> {
  const chain = offer.supportedChains.find((entry) => entry.chainId.startsWith("eip155:"));
  if (!chain) throw new CaseFailure("sign-in-with-x offers no eip155 chain to sign on");
  const info = { ...offer.info, ...change };
  const message = createSiweMessage({
    address: account.address,
    chainId: Number(chain.chainId.slice("eip155:".length)),
    domain: info.domain,
    nonce: info.nonce,
    uri: info.uri,
    version: "1",
    issuedAt: new Date(info.issuedAt),
    ...(info.expirationTime ? { expirationTime: new Date(info.expirationTime) } : {}),
    ...(info.notBefore ? { notBefore: new Date(info.notBefore) } : {}),
    ...(info.statement ? { statement: info.statement } : {}),
    ...(info.requestId ? { requestId: info.requestId } : {}),
    ...(info.resources ? { resources: info.resources } : {}),
  });
  const signature = await account.signMessage({ message });
  return base64EncodeUtf8(
    JSON.stringify({
      ...info,
      address: account.address,
      chainId: chain.chainId,
      type: chain.type,
      ...(chain.signatureScheme ? { signatureScheme: chain.signatureScheme } : {}),
      signature,
    }),
  );
}
