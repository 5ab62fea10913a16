import type { SignInChain, SignInInfo, SignInProof } from "@x402kit/types";

/** What a client signs: the server's challenge, on one of its chains. */
export type SignInChallenge = SignInInfo & Pick<SignInChain, "chainId" | "type" | "signatureScheme">;

/**
 * The client side of sign-in-with-x for one family of chains (CAIP-2 namespace): formats the chain's message
 * (EIP-4361 for `eip155`) and signs it. `@x402kit/evm`'s `evmSignInSigner` is one.
 */
export type SignInSigner = {
  /** The CAIP-2 namespace it signs for, e.g. "eip155". */
  readonly namespace: string;
  /** The signature algorithm, e.g. "eip191". */
  readonly type: SignInChain["type"];
  /** Signs the challenge: the proof to send in `SIGN-IN-WITH-X`. */
  sign(challenge: SignInChallenge): Promise<SignInProof>;
};

export type SignInVerification =
  | { valid: true; address: string }
  | { valid: false; reason: "invalid_siwx_signature" | "invalid_siwx_unsupported_chain"; message: string };

/**
 * The server side of sign-in-with-x for one family of chains: rebuilds the chain's message from the proof and checks
 * its signature (for EVM: an EOA's, an EIP-1271 wallet's or an ERC-6492 counterfactual wallet's). Never throws.
 * `@x402kit/evm`'s `evmSignInVerifier` is one.
 */
export type SignInVerifier = {
  readonly namespace: string;
  readonly type: SignInChain["type"];
  verify(proof: SignInProof): Promise<SignInVerification>;
};
