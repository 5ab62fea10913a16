import {
  base64EncodeUtf8,
  type SignInProof,
  type SignInWithXExtension,
  signInWithXExtensionSchema,
} from "@x402kit/types";
import type { SignInSigner } from "./types.js";

export type CreateSignInWithXHeaderParameters = {
  /** The 402's `extensions["sign-in-with-x"]`, as received. */
  extension: unknown;
  /** The URL that was requested: the challenge must be for its host and origin (no signing for another site). */
  requestUrl: string;
  signers: readonly SignInSigner[];
};

export type CreateSignInWithXHeaderReturnType =
  /** `header` for HTTP's `SIGN-IN-WITH-X`; `proof`, the same as an object, for MCP's `_meta`. */
  | { ok: true; header: string; proof: SignInProof; address: string; chainId: string }
  | { ok: false; reason: "malformed" | "foreign" | "no_signer" | "signing_failed"; message: string };

/**
 * The client side of sign-in-with-x (extensions/sign-in-with-x.md, "Client Request"): picks the first of the
 * server's `supportedChains` that a signer serves, checks that the challenge is bound to the requested site (its
 * `domain` is the URL's host and its `uri` on the URL's origin: a server may not make the client sign in elsewhere),
 * signs, and encodes the `SIGN-IN-WITH-X` header.
 */
export async function createSignInWithXHeader(
  parameters: CreateSignInWithXHeaderParameters,
): Promise<CreateSignInWithXHeaderReturnType> {
  const parsed = signInWithXExtensionSchema.safeParse(parameters.extension);
  if (!parsed.success)
    return { ok: false, reason: "malformed", message: "The sign-in challenge is malformed." };
  const extension: SignInWithXExtension = parsed.data;
  const url = new URL(parameters.requestUrl);
  if (extension.info.domain !== url.host || !`${extension.info.uri}/`.startsWith(`${url.origin}/`))
    return {
      ok: false,
      reason: "foreign",
      message: `The sign-in challenge is for ${extension.info.domain.slice(0, 100)}, not ${url.host}.`,
    };
  for (const chain of extension.supportedChains) {
    const namespace = chain.chainId.split(":", 1)[0];
    const signer = parameters.signers.find(
      (candidate) => candidate.namespace === namespace && candidate.type === chain.type,
    );
    if (!signer) continue;
    const proof = await signer.sign({
      ...extension.info,
      chainId: chain.chainId,
      type: chain.type,
      ...(chain.signatureScheme ? { signatureScheme: chain.signatureScheme } : {}),
    });
    return {
      ok: true,
      header: base64EncodeUtf8(JSON.stringify(proof)),
      proof,
      address: proof.address,
      chainId: chain.chainId,
    };
  }
  return { ok: false, reason: "no_signer", message: "No signer serves the offered sign-in chains." };
}
