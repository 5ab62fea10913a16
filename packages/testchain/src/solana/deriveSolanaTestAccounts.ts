import { createHash } from "node:crypto";
import {
  type Address,
  createKeyPairSignerFromPrivateKeyBytes,
  getAddressEncoder,
  type KeyPairSigner,
} from "@solana/kit";

/** A Solana account with a known key: its 64-byte secret key (seed and public key, as solana-keygen writes it). */
export type SolanaTestAccount = { address: Address; secretKey: Uint8Array; signer: KeyPairSigner };

export type DeriveSolanaTestAccountsParameters = { from?: number; count: number };

export type DeriveSolanaTestAccountsReturnType = SolanaTestAccount[];

/** The seed words of the Solana test accounts: like Hardhat's mnemonic, public, for tests only. */
export const solanaTestSeed = "x402kit solana test account";

const addressEncoder = getAddressEncoder();

/**
 * The Solana test chain's accounts, `from` (default 0) on: the same keys on every run and machine (the seed of
 * account i is sha256(`${solanaTestSeed} ${i}`)). Never hold real funds with them.
 */
export async function deriveSolanaTestAccounts(
  parameters: DeriveSolanaTestAccountsParameters,
): Promise<DeriveSolanaTestAccountsReturnType> {
  const { from = 0, count } = parameters;
  return Promise.all(
    Array.from({ length: count }, async (_, offset) => {
      const seed = createHash("sha256")
        .update(`${solanaTestSeed} ${from + offset}`)
        .digest();
      const signer = await createKeyPairSignerFromPrivateKeyBytes(seed);
      const secretKey = new Uint8Array(64);
      secretKey.set(seed, 0);
      secretKey.set(addressEncoder.encode(signer.address), 32);
      return { address: signer.address, secretKey, signer };
    }),
  );
}
