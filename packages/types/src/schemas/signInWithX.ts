import { z } from "zod";
import { caip2Schema } from "./primitives.js";

/** The extension's key in `PaymentRequired.extensions` (extensions/sign-in-with-x.md). */
export const signInWithXExtensionKey = "sign-in-with-x";

/**
 * Where a sign-in-with-x proof travels over MCP: the `tools/call` request's `_meta`, as the proof object (x402kit's
 * choice: the spec defines only the HTTP header; this mirrors `_meta["x402/payment"]`, transports-v2/mcp.md).
 */
export const signInWithXMetaKey = "x402/sign-in-with-x";

/** Signature algorithms (extensions/sign-in-with-x.md, "Authentication Methods"). */
export const signInTypes = ["eip191", "ed25519"] as const;
/** Hints for the signing UX. */
export const signInSignatureSchemes = ["eip191", "eip1271", "eip6492", "siws"] as const;

const isoTime = z.iso.datetime({ offset: true });
const uri = z.string().min(1).max(2048);

/** `info`: the message fields the server declares (extensions/sign-in-with-x.md, "Message Metadata"). */
export const signInInfoSchema = z.looseObject({
  domain: z.string().min(1).max(256),
  uri,
  version: z.string().min(1).max(8),
  nonce: z.string().regex(/^[A-Za-z0-9]{8,64}$/, "must be 8 to 64 letters and digits"),
  issuedAt: isoTime,
  statement: z.string().max(1024).optional(),
  expirationTime: isoTime.optional(),
  notBefore: isoTime.optional(),
  requestId: z.string().max(256).optional(),
  resources: z.array(uri).max(16).optional(),
});
export type SignInInfo = z.infer<typeof signInInfoSchema>;

/** One entry of `supportedChains`. */
export const signInChainSchema = z.looseObject({
  chainId: caip2Schema,
  type: z.enum(signInTypes),
  signatureScheme: z.enum(signInSignatureSchemes).optional(),
});
export type SignInChain = z.infer<typeof signInChainSchema>;

/** The `sign-in-with-x` extension of a 402: the challenge, the chains it may be signed on, and the proof's schema. */
export const signInWithXExtensionSchema = z.looseObject({
  info: signInInfoSchema,
  supportedChains: z.array(signInChainSchema).min(1).max(16),
  schema: z.record(z.string(), z.unknown()).optional(),
});
export type SignInWithXExtension = z.infer<typeof signInWithXExtensionSchema>;

/**
 * The proof the client sends in the `SIGN-IN-WITH-X` header, base64 JSON (extensions/sign-in-with-x.md, "Client
 * Proof Fields"): the server's fields echoed, plus the chain, the address and the signature.
 */
export const signInProofSchema = signInInfoSchema.extend({
  address: z.string().min(1).max(128),
  chainId: caip2Schema,
  type: z.enum(signInTypes),
  signatureScheme: z.enum(signInSignatureSchemes).optional(),
  signature: z.string().min(1).max(8192),
});
export type SignInProof = z.infer<typeof signInProofSchema>;
