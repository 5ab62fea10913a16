import { type SignInChain, type SignInWithXExtension, signInWithXExtensionKey } from "@x402kit/types";
import { X402Error } from "../../errors/X402Error.js";

export type CreateSignInChallengeParameters = {
  /** The resource's absolute URL: `uri` and, for `domain`, its host. */
  url: string;
  /** The chains the proof may be signed on (extensions/sign-in-with-x.md, `supportedChains`). */
  chains: readonly SignInChain[];
  /** The resources the proof is for (`resources`). Default: `[url]`. */
  resources?: readonly string[] | undefined;
  /** Why the user signs, shown by the wallet. */
  statement?: string | undefined;
  /** How long the challenge may be signed and used. Default 300 (the spec's five minutes). */
  expirationSeconds?: number | undefined;
  /** Unix ms. Default `Date.now()`. */
  now?: number | undefined;
};

export type CreateSignInChallengeReturnType = { [signInWithXExtensionKey]: SignInWithXExtension };

export type CreateSignInChallengeErrorType = X402Error<"invalid_config">;

/** The JSON Schema of the proof (extensions/sign-in-with-x.md, "PaymentRequired"). */
const proofSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {
    domain: { type: "string" },
    address: { type: "string" },
    statement: { type: "string" },
    uri: { type: "string", format: "uri" },
    version: { type: "string" },
    chainId: { type: "string" },
    type: { type: "string" },
    nonce: { type: "string" },
    issuedAt: { type: "string", format: "date-time" },
    expirationTime: { type: "string", format: "date-time" },
    notBefore: { type: "string", format: "date-time" },
    requestId: { type: "string" },
    resources: { type: "array", items: { type: "string", format: "uri" } },
    signature: { type: "string" },
  },
  required: ["domain", "address", "uri", "version", "chainId", "type", "nonce", "issuedAt", "signature"],
} as const;

/**
 * A fresh sign-in-with-x challenge for a 402 (extensions/sign-in-with-x.md): the request's host as `domain`, the
 * resource as `uri` and `resources`, CAIP-122 version 1, a nonce of 32 hex characters (128 random bits), and
 * `issuedAt` / `expirationTime`.
 */
export function createSignInChallenge(
  parameters: CreateSignInChallengeParameters,
): CreateSignInChallengeReturnType {
  let url: URL;
  try {
    url = new URL(parameters.url);
  } catch {
    throw new X402Error(
      "invalid_config",
      `createSignInChallenge: "${parameters.url}" is not an absolute URL.`,
    );
  }
  if (parameters.chains.length === 0)
    throw new X402Error("invalid_config", "createSignInChallenge: give at least one chain.");
  if (parameters.statement?.includes("\n"))
    throw new X402Error("invalid_config", "createSignInChallenge: the statement must be one line.");
  const now = parameters.now ?? Date.now();
  const nonce = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
  return {
    [signInWithXExtensionKey]: {
      info: {
        domain: url.host,
        uri: url.href,
        version: "1",
        nonce,
        issuedAt: new Date(now).toISOString(),
        expirationTime: new Date(now + (parameters.expirationSeconds ?? 300) * 1000).toISOString(),
        ...(parameters.statement ? { statement: parameters.statement } : {}),
        resources: parameters.resources ? [...parameters.resources] : [url.href],
      },
      supportedChains: parameters.chains.map((chain) => ({ ...chain })),
      schema: structuredClone(proofSchema) as Record<string, unknown>,
    },
  };
}
