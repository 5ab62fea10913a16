import { pbkdf2Sync } from "node:crypto";
import { type Hex, toHex } from "viem";
import { HDKey, privateKeyToAccount } from "viem/accounts";
import type { TestAccount } from "../types.js";

/** Hardhat's default mnemonic: its first 20 accounts start with 10,000 ETH each. */
export const testMnemonic = "test test test test test test test test test test test junk";

let root: HDKey | undefined;

export type DeriveTestAccountsParameters = { from?: number; count: number };
export type DeriveTestAccountsReturnType = TestAccount[];

/** Accounts `m/44'/60'/0'/0/i` of the test mnemonic, for i in [from, from + count). Deterministic. */
export function deriveTestAccounts({
  from = 0,
  count,
}: DeriveTestAccountsParameters): DeriveTestAccountsReturnType {
  // BIP-39 seed, computed once (viem's mnemonicToAccount redoes the 2048 PBKDF2 rounds on every call).
  root ??= HDKey.fromMasterSeed(pbkdf2Sync(testMnemonic.normalize("NFKD"), "mnemonic", 2048, 64, "sha512"));
  return Array.from({ length: count }, (_, i) => {
    const key = root!.derive(`m/44'/60'/0'/0/${from + i}`).privateKey!;
    const privateKey: Hex = toHex(key);
    const account = privateKeyToAccount(privateKey);
    return { address: account.address, privateKey, account };
  });
}
