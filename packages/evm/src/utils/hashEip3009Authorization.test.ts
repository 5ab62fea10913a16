import { hashTypedData } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { eip3009TypedData } from "./eip3009TypedData.js";
import { hashEip3009Authorization } from "./hashEip3009Authorization.js";
import { randomBytes32 } from "./randomBytes32.js";

const address = () => privateKeyToAddress(generatePrivateKey());

describe("hashEip3009Authorization", () => {
  it("gives the same digest as viem's generic EIP-712 hashing", () => {
    const domains = [
      { name: "USD Coin", version: "2", chainId: 8453, verifyingContract: address() },
      { name: "USDC", version: "2", chainId: 84532, verifyingContract: address() },
      { name: "Ünïcode ✓ token", version: "10.1", chainId: 31337, verifyingContract: address() },
    ];
    for (const domain of domains)
      for (let i = 0; i < 5; i++) {
        const authorization = {
          from: address(),
          to: address(),
          value: BigInt(i) * 10n ** BigInt(6 * i),
          validAfter: BigInt(1_700_000_000 + i),
          validBefore: i === 4 ? 2n ** 256n - 1n : BigInt(1_800_000_000 + i),
          nonce: randomBytes32(),
        };
        expect(hashEip3009Authorization({ domain, authorization })).toBe(
          hashTypedData(eip3009TypedData({ domain, authorization })),
        );
      }
  });
});
