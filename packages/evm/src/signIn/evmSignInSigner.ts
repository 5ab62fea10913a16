import type { SignInSigner } from "@x402kit/core";
import { type Address, getAddress, type Hex, serializeErc6492Signature } from "viem";
import { siweMessage } from "./siweMessage.js";

export type EvmSignInSignerParameters = {
  /** Signs the message (EIP-191 `personal_sign`): a viem account, or anything with `address` and `signMessage`. */
  account: { address: Address; signMessage(parameters: { message: string }): Promise<Hex> };
  /**
   * A smart wallet that `account` owns, to sign in as it: EIP-1271 when deployed; with `factory`, an ERC-6492
   * signature that also works before deployment (the verifier simulates the deployment).
   */
  smartWallet?: { address: Address; factory?: { address: Address; data: Hex } | undefined } | undefined;
};

export type EvmSignInSignerReturnType = SignInSigner;

/**
 * Signs sign-in-with-x challenges on `eip155` chains (extensions/sign-in-with-x.md, "EVM"): the EIP-4361 message,
 * signed with EIP-191, as the account or as its smart wallet.
 *
 * ```ts
 * const signIn = evmSignInSigner({ account: privateKeyToAccount(key) });
 * const client = createX402Client({ schemes: [exactEvmClient({ account })], signIn: [signIn] });
 * ```
 */
export function evmSignInSigner(parameters: EvmSignInSignerParameters): EvmSignInSignerReturnType {
  const { account, smartWallet } = parameters;
  const address = getAddress(smartWallet?.address ?? account.address);
  return {
    namespace: "eip155",
    type: "eip191",
    async sign(challenge) {
      const signature = await account.signMessage({ message: siweMessage(challenge, address) });
      const factory = smartWallet?.factory;
      return {
        ...challenge,
        address,
        signatureScheme: factory ? "eip6492" : smartWallet ? "eip1271" : "eip191",
        signature: factory
          ? serializeErc6492Signature({ address: factory.address, data: factory.data, signature })
          : signature,
      };
    },
  };
}
