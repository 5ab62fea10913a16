import { base64DecodeUtf8, type SignInChain, type SignInProof, signInProofSchema } from "@x402kit/types";
import type { SignInVerifier } from "./types.js";

export type VerifySignInWithXParameters = {
  /** The `SIGN-IN-WITH-X` header's value (HTTP), or ... */
  header?: string | undefined;
  /** ... the proof as an object (MCP's `_meta["x402/sign-in-with-x"]`), not trusted yet. */
  proof?: unknown;
  /** The requested resource's absolute URL: its host must be the proof's `domain`, its origin start the `uri`. */
  url: string;
  /** The chains the server offers; the proof must be signed on one of them. */
  chains: readonly SignInChain[];
  verifiers: readonly SignInVerifier[];
  /**
   * Records a nonce as used until `expiresAt` (Unix ms); false when it already was (a replay). Called only for a
   * proof whose signature holds.
   */
  useNonce(nonce: string, expiresAt: number): Promise<boolean>;
  /** The longest a proof may have been issued ago, in seconds. Default 300. */
  maxAgeSeconds?: number | undefined;
  /** How far ahead `issuedAt` may be of this clock, in seconds. Default 60. */
  clockSkewSeconds?: number | undefined;
  /** Unix ms. Default `Date.now()`. */
  now?: number | undefined;
};

export type SignInWithXRefusal = { ok: false; reason: string; message: string };

export type VerifySignInWithXReturnType =
  | { ok: true; address: string; proof: SignInProof }
  | SignInWithXRefusal;

const refuse = (reason: string, message: string): SignInWithXRefusal => ({ ok: false, reason, message });

/**
 * Checks a sign-in-with-x proof (extensions/sign-in-with-x.md, "Verification Logic"): parses the header, checks the
 * domain against the request's host, the URI against its origin, the time bounds (issued within `maxAgeSeconds`,
 * not in the future, not expired, valid already), that the chain is one offered, then the signature through the
 * chain's verifier, and last that the nonce was never used. Never throws; a refusal has a reason code and a message.
 * Addresses of `eip155` chains come back lower-cased, so that they compare with a payer's.
 */
export async function verifySignInWithX(
  parameters: VerifySignInWithXParameters,
): Promise<VerifySignInWithXReturnType> {
  const now = parameters.now ?? Date.now();
  const maxAge = (parameters.maxAgeSeconds ?? 300) * 1000;
  const skew = (parameters.clockSkewSeconds ?? 60) * 1000;
  let proof: SignInProof;
  try {
    const { header } = parameters;
    const text =
      header === undefined ? undefined : header.length <= 16 * 1024 ? base64DecodeUtf8(header) : undefined;
    const parsed = signInProofSchema.safeParse(
      header === undefined ? parameters.proof : text === undefined ? undefined : JSON.parse(text),
    );
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refuse(
        "invalid_siwx_header",
        `The sign-in proof is malformed${issue ? ` at ${issue.path.join(".") || "its root"}: ${issue.message}` : "."}`,
      );
    }
    proof = parsed.data;
  } catch {
    return refuse("invalid_siwx_header", "The SIGN-IN-WITH-X header is not base64 JSON.");
  }
  const url = new URL(parameters.url);
  if (proof.domain !== url.host)
    return refuse(
      "invalid_siwx_domain_mismatch",
      `The proof is for ${proof.domain.slice(0, 100)}, not ${url.host}.`,
    );
  if (
    !proof.uri.startsWith(url.origin) ||
    (proof.uri.length > url.origin.length && proof.uri[url.origin.length] !== "/")
  )
    return refuse("invalid_siwx_uri_mismatch", `The proof's URI is not on ${url.origin}.`);
  if (proof.version !== "1") return refuse("invalid_siwx_header", "CAIP-122 version must be 1.");
  const issuedAt = Date.parse(proof.issuedAt);
  if (issuedAt > now + skew)
    return refuse("invalid_siwx_issued_at_in_future", "The proof is issued in the future.");
  if (now - issuedAt > maxAge)
    return refuse("invalid_siwx_issued_at_too_old", `The proof was issued more than ${maxAge / 1000} s ago.`);
  const expiresAt = proof.expirationTime ? Date.parse(proof.expirationTime) : issuedAt + maxAge;
  if (expiresAt <= now) return refuse("invalid_siwx_expired", "The proof has expired.");
  if (proof.notBefore && Date.parse(proof.notBefore) > now)
    return refuse("invalid_siwx_not_yet_valid", "The proof is not valid yet (notBefore).");
  if (!parameters.chains.some((chain) => chain.chainId === proof.chainId && chain.type === proof.type))
    return refuse(
      "invalid_siwx_unsupported_chain",
      `Sign-in on ${proof.chainId} (${proof.type}) is not offered.`,
    );
  const namespace = proof.chainId.split(":", 1)[0];
  const verifier = parameters.verifiers.find(
    (candidate) => candidate.namespace === namespace && candidate.type === proof.type,
  );
  if (!verifier)
    return refuse("invalid_siwx_unsupported_chain", `This server cannot verify ${namespace} sign-ins.`);
  const verified = await verifier.verify(proof).catch((error: unknown) => ({
    valid: false as const,
    reason: "invalid_siwx_signature" as const,
    message: String(error),
  }));
  if (!verified.valid) return refuse(verified.reason, verified.message);
  if (!(await parameters.useNonce(proof.nonce, Math.max(expiresAt, issuedAt + maxAge))))
    return refuse("invalid_siwx_nonce_used", "This sign-in proof was already used.");
  const address = namespace === "eip155" ? verified.address.toLowerCase() : verified.address;
  return { ok: true, address, proof };
}
