import type { SignInVerifier } from "@x402kit/core";
import { type Address, getAddress, type Hex, isAddress, isHex, type PublicClient, verifyMessage } from "viem";
import { siweMessage } from "./siweMessage.js";

export type EvmSignInVerifierParameters = {
  /**
   * A public client per chain (CAIP-2 id), to verify smart-wallet signatures on it: EIP-1271 for a deployed wallet,
   * ERC-6492 for one not deployed yet (viem's `verifyMessage`). Without a client for a chain, only EOA signatures
   * made on it are accepted (recovered offline).
   */
  clients?: Record<string, Pick<PublicClient, "verifyMessage">> | undefined;
};

export type EvmSignInVerifierReturnType = SignInVerifier;

/**
 * Verifies sign-in-with-x proofs signed on `eip155` chains (extensions/sign-in-with-x.md, "Verify Signature"):
 * rebuilds the EIP-4361 message from the proof's fields and checks the signature by the proof's address. Never
 * throws.
 */
export function evmSignInVerifier(parameters: EvmSignInVerifierParameters = {}): EvmSignInVerifierReturnType {
  const clients = parameters.clients ?? {};
  return {
    namespace: "eip155",
    type: "eip191",
    async verify(proof) {
      const invalid = (message: string) => ({
        valid: false as const,
        reason: "invalid_siwx_signature" as const,
        message,
      });
      if (!isAddress(proof.address, { strict: false }))
        return invalid("The proof's address is not an EVM address.");
      if (!isHex(proof.signature) || proof.signature.length < 4)
        return invalid("The proof's signature is not a hex signature.");
      const address = getAddress(proof.address as Address);
      let message: string;
      try {
        message = siweMessage(proof, address);
      } catch (error) {
        return invalid(
          `The proof is not a valid EIP-4361 message: ${(error as Error).message.split("\n")[0]}`,
        );
      }
      const signature = proof.signature as Hex;
      const client = clients[proof.chainId];
      try {
        const valid = client
          ? await client.verifyMessage({ address, message, signature })
          : await verifyMessage({ address, message, signature });
        return valid ? { valid: true, address } : invalid(`The signature is not ${address}'s.`);
      } catch (error) {
        return invalid(`The signature cannot be checked: ${(error as Error).message.split("\n")[0]}`);
      }
    },
  };
}
